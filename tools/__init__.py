"""Developer tools that are not shipped with tierroute (not installed with the package)."""
