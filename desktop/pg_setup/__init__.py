"""PostgreSQL least privilege and transport security.

A center's server gets two roles (``onestop db setup-server``, run once by the administrator with the
server's admin credentials, or ``--print-sql`` for a DBA):

- the **owner** role (``<database>_owner``) owns the database, its schema and every table; only it runs
  migrations (``onestop db upgrade`` asks for it). Nobody uses it day to day.
- the **application** role (``<database>_app``), the account every PC uses: it owns nothing, may not
  create, alter or drop anything, has SELECT/INSERT/UPDATE/DELETE on the ordinary tables and their
  sequences, SELECT only on ``alembic_version`` and SELECT/INSERT only on the append-only tables
  (``audit_entry``). So it cannot disable the audit triggers, delete, truncate or drop the log.

Default privileges make the tables later migrations create (as the owner) available to the application
role; after every migration the owner applies the grants again, so a recreated audit table is append-only
for the application role too.

The app itself never migrates as a role that cannot: ``become_owner`` switches a member of the owner role
(a superuser, say) to it, and refuses anyone else with OwnerRequired.

Passwords are sent to the server only as SCRAM-SHA-256 verifiers computed here (like psql's
``\\password``), so neither the printed script nor a server log holds them in clear.

Modules: ``roles`` (names, passwords, the plan, the failures), ``sql`` (the statements and the DBA's script),
``server`` (running the setup), ``ownership`` (migrating as the owner), ``tls``. Callers use the names below.
"""

from desktop.pg_setup.ownership import (
    become_owner,
    may_migrate,
    refresh_grants,
    schema_owner,
)
from desktop.pg_setup.roles import (
    APPEND_ONLY_TABLES,
    ENV_APP_PASSWORD,
    ENV_OWNER_PASSWORD,
    READ_ONLY_TABLES,
    ROLE_ATTRIBUTES,
    SEQUENCE_PRIVILEGES,
    TABLE_PRIVILEGES,
    OwnerRequired,
    RolePlan,
    SetupError,
    check_name,
    check_password,
    new_password,
    scram_verifier,
)
from desktop.pg_setup.server import (
    SetupResult,
    setup_server,
    with_user,
)
from desktop.pg_setup.sql import (
    create_database_statement,
    database_statements,
    grant_statements,
    role_statement,
    server_script,
)
from desktop.pg_setup.tls import (
    SECURE_SSLMODES,
    remote_without_tls,
)

__all__ = [
    "APPEND_ONLY_TABLES",
    "ENV_APP_PASSWORD",
    "ENV_OWNER_PASSWORD",
    "OwnerRequired",
    "READ_ONLY_TABLES",
    "ROLE_ATTRIBUTES",
    "RolePlan",
    "SECURE_SSLMODES",
    "SEQUENCE_PRIVILEGES",
    "SetupError",
    "SetupResult",
    "TABLE_PRIVILEGES",
    "become_owner",
    "check_name",
    "check_password",
    "create_database_statement",
    "database_statements",
    "grant_statements",
    "may_migrate",
    "new_password",
    "refresh_grants",
    "remote_without_tls",
    "role_statement",
    "schema_owner",
    "scram_verifier",
    "server_script",
    "setup_server",
    "with_user",
]
