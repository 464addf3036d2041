from alliance.core.models.audit import AuditEntry
from alliance.core.models.tokens import AccessToken
from alliance.core.models.users import User

__all__ = ["AccessToken", "AuditEntry", "User"]
