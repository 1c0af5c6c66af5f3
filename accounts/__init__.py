"""Who someone is and what they may do: roles, sign-in with its rate limit, API tokens.

The token and audit models still live in initiatives/ (moving them needs a migration; see
docs/architecture.md), so this wing sits just above the catalogue.
"""
