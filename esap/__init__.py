"""ESAP project package: settings, URLs, error model, task runner."""
