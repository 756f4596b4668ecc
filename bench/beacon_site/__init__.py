"""Settings and URLs of the server that ``bench/beacon.py`` starts. Benchmark use only.

The example project's settings and URLs, plus two plain views to compare the read beacon
with (an empty view and a view doing one ``F()`` update) and django-hitcount's hit view.
"""
