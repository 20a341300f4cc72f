"""Staff accounts for MIGDASH_AUTH=local, and the command line that manages them.

    python -m web.accounts add NAME --role editor|admin [--password-stdin] [--replace]
    python -m web.accounts remove NAME
    python -m web.accounts list

The accounts file (MIGDASH_ACCOUNTS_FILE, default var/accounts.json) holds
`{"users": {name: {"hash": ..., "role": ...}}}`: salted scrypt hashes, never passwords.
It is written atomically with mode 0600. There is no default account: until someone adds one,
nobody can sign in. `add --replace` resets a password (and ends that account's sessions);
`remove` ends them too. Changes apply to running servers at once, without a restart.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import re
import sys
import threading
from pathlib import Path

from werkzeug.security import generate_password_hash

from data.files import write_atomically

ROLES = ("editor", "admin")
NAME_PATTERN = re.compile(r"[a-z0-9._-]{2,40}")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
HASH_METHOD = "scrypt"


class AccountsError(ValueError):
    """A bad name, password or role, or an accounts file we cannot use; the message says why."""


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise AccountsError(
            f"{name!r} is not a valid account name: use 2 to 40 lower-case letters, digits, "
            "dots, dashes or underscores."
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountsError(f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountsError(f"The password is too long: use at most {MAX_PASSWORD_LENGTH} characters.")
    return password


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountsError(f"{role!r} is not a role: use one of {', '.join(ROLES)}.")
    return role


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's format: method$salt$hash)."""
    return generate_password_hash(password, method=HASH_METHOD)


def load_accounts(path: Path) -> dict[str, dict]:
    """{name: {"hash": ..., "role": ...}} from the accounts file; {} when it does not exist.
    Raises AccountsError when the file is unreadable or malformed."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise AccountsError(f"Cannot read the accounts file {path}: {error.strerror}.") from None
    try:
        users = json.loads(raw)["users"]
        if not isinstance(users, dict):
            raise TypeError
        accounts = {}
        for name, account in users.items():
            if not isinstance(account.get("hash"), str) or account.get("role") not in ROLES:
                raise TypeError
            accounts[name] = {"hash": account["hash"], "role": account["role"]}
        return accounts
    except (ValueError, KeyError, TypeError, AttributeError):
        raise AccountsError(
            f"The accounts file {path} is not in the expected format "
            '({"users": {name: {"hash": ..., "role": ...}}}).'
        ) from None


_loaded: dict[Path, tuple[tuple, dict]] = {}
_loaded_lock = threading.Lock()


def current_accounts(path: Path) -> dict[str, dict]:
    """load_accounts, re-read only when the file changes (cheap enough for every request).
    A missing or malformed file gives {}: nobody can sign in (malformed is logged)."""
    path = Path(path)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    except OSError:
        return {}
    with _loaded_lock:
        cached = _loaded.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        accounts = load_accounts(path)
    except AccountsError as error:
        logging.getLogger("migdash.auth").error("%s Nobody can sign in until it is fixed.", error)
        accounts = {}
    with _loaded_lock:
        _loaded[path] = (stamp, accounts)
    return accounts


def save_accounts(path: Path, accounts: dict[str, dict]) -> None:
    """Write the accounts file atomically (a temporary file in the same folder, fsync,
    os.replace), readable by its owner only; its folder is made when missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"users": dict(sorted(accounts.items()))}, indent=2) + "\n"
    write_atomically(path, body, mode=0o600)


def add_account(path: Path, name: str, password: str, role: str, replace: bool = False) -> bool:
    """Add (or with `replace`, update) an account; True when it already existed."""
    check_name(name)
    check_role(role)
    check_password(password)
    accounts = load_accounts(path)
    existed = name in accounts
    if existed and not replace:
        raise AccountsError(f"The account {name!r} already exists: use --replace to set a new password and role.")
    accounts[name] = {"hash": hash_password(password), "role": role}
    save_accounts(path, accounts)
    return existed


def remove_account(path: Path, name: str) -> None:
    accounts = load_accounts(path)
    if name not in accounts:
        raise AccountsError(f"There is no account {name!r}.")
    del accounts[name]
    save_accounts(path, accounts)


# --- command line ---------------------------------------------------------------------------


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    check_password(first)
    if getpass.getpass("Same password again: ") != first:
        raise AccountsError("The two passwords are not the same: nothing was changed.")
    return first


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m web.accounts",
        description="Manage migdash staff accounts (MIGDASH_AUTH=local) in MIGDASH_ACCOUNTS_FILE.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add an account (asks for its password)")
    add.add_argument("name", help="2-40 characters: a-z 0-9 . _ -")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )
    add.add_argument("--replace", action="store_true", help="set a new password and role for an existing account")
    remove = commands.add_parser("remove", help="remove an account")
    remove.add_argument("name")
    commands.add_parser("list", help="list account names and roles")
    return parser


def main(argv=None) -> int:
    from settings import Settings, SettingsError

    args = _parser().parse_args(argv)
    try:
        path = Settings.from_env().accounts_file
        if args.command == "add":
            check_name(args.name)
            password = _read_password(args.password_stdin)
            existed = add_account(path, args.name, password, args.role, replace=args.replace)
            print(f"{'Updated' if existed else 'Added'} {args.name} ({args.role}) in {path}.")
        elif args.command == "remove":
            remove_account(path, args.name)
            print(f"Removed {args.name} from {path}.")
        else:
            accounts = load_accounts(path)
            if not accounts:
                print(f"No staff accounts in {path}: add one with `python -m web.accounts add NAME --role admin`.")
            for name, account in sorted(accounts.items()):
                print(f"{name}\t{account['role']}")
    except (AccountsError, SettingsError) as error:
        print(f"migdash: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\nmigdash: cancelled, nothing was changed.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
