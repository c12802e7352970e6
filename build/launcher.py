"""The frozen app's entry script: PyInstaller runs a file, the app's entry point is a function."""

import sys

from app.ui.main import main

if __name__ == "__main__":
    sys.exit(main())
