"""Needs views: dashboard."""

urlpatterns: list = []
