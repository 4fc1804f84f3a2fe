"""The Jinja2 templates of the generated pages, shipped inside the package as ``introspect.templates``."""
