"""The frozen app's entry script: PyInstaller runs a file, the app's entry is app.entry:main."""

import sys

from app.entry import main

if __name__ == "__main__":
    sys.exit(main())
