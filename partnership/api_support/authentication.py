"""Personal API tokens: `Authorization: Bearer vrp_<prefix>_<secret>`."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from partnership.tokens import api_token_find, api_token_touch


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """A token acts as its user, with the user's role: `partnership.access` decides
    what it may reach, exactly as for that user's pages. The token is looked up on
    every request and never cached, so revoking it takes effect at once."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after 'Bearer', with no spaces in it.")
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = api_token_find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid, or has been revoked.")
        api_token_touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "partnership.api_support.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made and revoked on your account page (/account/).",
        }
