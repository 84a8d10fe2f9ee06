"""The project-wide layer every app's API inherits: token authentication, the
access-policy permission, throttles, the JSON error shape, ETag/If-Match
concurrency and the OpenAPI schema class. Settings name these by dotted path."""
