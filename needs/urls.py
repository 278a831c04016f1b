"""Needs: DfE imports (global), an area's dashboard and local indicators, the read API."""

from needs.views import api, dashboard, imports, indicators

app_name = "needs"

urlpatterns = imports.urlpatterns + dashboard.urlpatterns + indicators.urlpatterns + api.urlpatterns
