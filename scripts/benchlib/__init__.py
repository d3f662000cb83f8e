"""What scripts/bench, scripts/soak and the pty tests share: programs in a pseudo-terminal
(terminal), the private world a test or a bench run gives the program (world), statistics (stats),
synthetic calls and histories (calls), the machine and the one table (report), and running a
measurement in a fresh interpreter (child). Not shipped: it lives under scripts/.

Importable as `benchlib` once scripts/ is on sys.path (pytest's `pythonpath` setting does that for
the tests; each bench script does it for itself).
"""
