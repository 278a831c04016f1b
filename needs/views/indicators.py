"""Needs views: indicators."""

urlpatterns: list = []
