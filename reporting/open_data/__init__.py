"""360Giving open data: the package builder (package.py), its pages (views.py,
urls.py) and its API endpoint (api.py), in the 360Giving Data Standard 1.4."""
