"""ksm – Entscheidungshilfe für das kommunale Klimaschutzmanagement."""

__version__ = "0.1.0"
