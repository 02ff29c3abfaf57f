"""Why single sign-on sent someone back to the login page: ``/login?sso=<code>`` shows the message.

A fixed set of codes, so the address cannot put words of its choosing on the page."""

from __future__ import annotations

from techstore.application.identity.single_sign_on import NO_ACTIVE_USER, UNVERIFIED_EMAIL

NOT_VERIFIED = "The sign-in could not be verified, try again."
UNREACHABLE = "The sign-in provider could not be reached, try again later."

SIGN_IN_PROBLEMS = {
    "no_user": NO_ACTIVE_USER,
    "unverified_email": UNVERIFIED_EMAIL,
    "not_verified": NOT_VERIFIED,
    "unreachable": UNREACHABLE,
}
