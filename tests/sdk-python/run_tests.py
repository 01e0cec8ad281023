"""Runs every test_*.py here with unittest and ends with the counts scripts/test.sh adds up: "# pass N", "# fail N"."""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
passed = result.testsRun - len(result.failures) - len(result.unexpectedSuccesses) - len(result.skipped) \
    - sum(1 for test, _ in result.errors if isinstance(test, unittest.TestCase))
print(f"# pass {passed}")
print(f"# fail {failed}")
sys.exit(0 if failed == 0 else 1)
