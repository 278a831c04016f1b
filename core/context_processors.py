from django.conf import settings

from core.navigation import account_navigation, area_navigation
from core.selectors import user_area_count


def portal(request):
    """Service name, phase, navigation and the small-number threshold for every page
    rendered with a request."""
    access = getattr(request, "area_access", None)
    area_count = user_area_count(user=request.user) if request.user.is_authenticated else 0
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "contact_email": settings.SERVICE_CONTACT_EMAIL,
        "service_operator": settings.SERVICE_OPERATOR,
        "nav_area": access.area if access else None,
        "nav_items": area_navigation(request, access) if access else [],
        "nav_account": account_navigation(request, area_count=area_count),
        # what the pages say of small numbers shown as c (PORTAL_SMALL_NUMBER_THRESHOLD)
        "small_numbers": {
            "threshold": settings.SMALL_NUMBER_THRESHOLD,
            "largest_hidden": settings.SMALL_NUMBER_THRESHOLD - 1,
        },
    }
