"""The app's JWT, signed from its client id and secret (PyJWT is imported only here, when signing)."""
from __future__ import annotations

import time

JWT_LIFETIME = 300  # seconds


def sign_jwt(client_id: str, client_secret: str, algorithm: str = "HS256", now: float | None = None) -> str:
    """The app's JWT, as Kore.ai documents it: HS256 (or HS512), appId = client id, sub."""
    import uuid
    import warnings

    import jwt

    issued = int(time.time() if now is None else now)
    claims = {"appId": client_id, "sub": "korelint", "iat": issued, "exp": issued + JWT_LIFETIME,
              "jti": uuid.uuid4().hex}
    with warnings.catch_warnings():  # short secrets: Kore.ai chose them, not the user
        warnings.simplefilter("ignore")
        token = jwt.encode(claims, client_secret, algorithm=algorithm, headers={"typ": "JWT"})
    return token
