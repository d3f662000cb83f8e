"""Persistence: the data directory, the desk lock, the live call's journal and the call history.

Imports the domain and TinyDB only, never a front end. Submodules are imported where they are
needed, so `import tui.store` stays cheap.
"""
