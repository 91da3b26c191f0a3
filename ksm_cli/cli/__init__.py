"""The command line: one typer module per command group. They parse, call the core, render."""
