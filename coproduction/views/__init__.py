"""Co-production pages: giving feedback (submit), and, as they land, moderation and the public
"you said, we did" pages."""
