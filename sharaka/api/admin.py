from sharaka.api.models import ApiToken
from sharaka.core.admin_readonly import register_read_only

# Tokens are made and revoked by their owner on /account/tokens/ (api/tokens.py, in the ledger); the
# admin only lists them (a fingerprint and the first characters: nothing that would let one be used).
register_read_only(ApiToken)
