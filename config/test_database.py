"""Print the URL of the PostgreSQL server on 127.0.0.1:5432 if one answers, else nothing.

``make test`` uses it: tests run on that server where one runs (user ``postgres``,
trust authentication), else on the embedded server (DATABASE_URL left empty).
"""

import sys

URL = "postgres://postgres@127.0.0.1:5432/postgres"


def main() -> int:
    try:
        import psycopg

        with psycopg.connect(URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return 0
    sys.stdout.write(URL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
