"""Needs views: imports."""

urlpatterns: list = []
