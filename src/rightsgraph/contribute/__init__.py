"""contribute"""
