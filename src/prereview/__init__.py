"""prereview: intelligent pre-review (智能预审) of government-service applications."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("prereview")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"
