"""django-tracer: records each request and the queries it made."""
