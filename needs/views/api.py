"""Needs views: api."""

urlpatterns: list = []
