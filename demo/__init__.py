"""The demo: invented articles (demo/demo.json) loaded over the starter catalogue by load_demo.

Imports the domain apps (articles, initiatives); nothing in them imports the demo.
"""
