"""A throw-away PostgreSQL server for the benchmark, as the tests start theirs
(Tests/PostgresTestServer): Debian's server, `initdb` in a temporary folder, a free loopback
port, `scram-sha-256` over TCP, run as the `postgres` user when the benchmark runs as root.

The superuser's password is made here, handed to the programs through `PGPASSWORD` only
(never in a URL, never printed), and the whole folder goes when `stop()` runs.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time


def _binaries() -> str:
  given = os.environ.get("SMARTCONNECT_PG_BIN")
  if given:
    return given
  found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                 key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0)
  if not found:
    raise RuntimeError("no PostgreSQL server under /usr/lib/postgresql "
                       "(apt-get install -y postgresql)")
  return os.path.dirname(found[-1])


def _free_port() -> int:
  with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    return probe.getsockname()[1]


class PgServer:
  """Start with `PgServer.start()`; `url(db)` names a database, `env()` carries the password."""

  def __init__(self) -> None:
    self.bin = _binaries()
    self.as_server: list[str] = []
    if os.geteuid() == 0:
      try:
        pwd.getpwnam("postgres")
      except KeyError as error:
        raise RuntimeError("running as root, and there is no postgres user to run the "
                           "server as (apt-get install -y postgresql creates it)") from error
      self.as_server = ["/usr/sbin/runuser", "-u", "postgres", "--"]
    self.folder = tempfile.mkdtemp(prefix="smartconnect-bench-pg-")
    self.password = secrets.token_hex(16)
    self.port = 0

  @classmethod
  def start(cls) -> "PgServer":
    server = cls()
    try:
      server._init()
      for _ in range(3):  # a port taken between the probe and the server's bind: another
        server.port = _free_port()
        if server._start():
          return server
      raise RuntimeError(f"PostgreSQL did not start; its log: {server.folder}/server.log")
    except BaseException:
      server.stop()
      raise

  def _server(self, argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(self.as_server + argv, check=True, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)

  def _init(self) -> None:
    pwfile = os.path.join(self.folder, "pwfile")
    with open(pwfile, "w", encoding="utf-8") as out:
      out.write(self.password + "\n")
    if self.as_server:
      shutil.chown(self.folder, "postgres")
      shutil.chown(pwfile, "postgres")
    self._server([f"{self.bin}/initdb", "-D", f"{self.folder}/data", "-U", "postgres",
                  f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"])
    os.remove(pwfile)

  def _start(self) -> bool:
    # Durable settings as shipped (fsync on): the commit latency measured is a real one.
    options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
               "-c max_connections=100")
    # Output to a file, not our pipes: the server pg_ctl leaves running would hold them.
    subprocess.run(self.as_server + [f"{self.bin}/pg_ctl", "-D", f"{self.folder}/data", "-l",
                                     f"{self.folder}/server.log", "-w", "-t", "60", "-o",
                                     options, "start"],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    for _ in range(600):
      ready = subprocess.run([f"{self.bin}/pg_isready", "-q", "-h", self.folder, "-p",
                              str(self.port)], check=False)
      if ready.returncode == 0:
        return True
      if ready.returncode == 2:  # no response: the server is not there at all
        return False
      time.sleep(0.1)
    return False

  def psql(self, sql: str, database: str = "postgres") -> str:
    return subprocess.run(
      [f"{self.bin}/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.folder,
       "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql],
      check=True, capture_output=True, text=True).stdout

  def url(self, database: str) -> str:
    """The database's URL, without the password (that travels in `env()`)."""
    return f"postgres://postgres@127.0.0.1:{self.port}/{database}?sslmode=disable"

  def env(self) -> dict[str, str]:
    return {"PGPASSWORD": self.password}

  def copy(self, template: str, name: str) -> str:
    """A fresh database copied from `template` (which must have no session open)."""
    for _ in range(50):
      try:
        self.psql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name
      except subprocess.CalledProcessError as error:
        if "being accessed by other users" not in (error.stderr or ""):
          raise
        time.sleep(0.1)
    raise RuntimeError(f"could not copy {template}: it stayed in use")

  def cpu_seconds(self) -> float:
    """The CPU time (user and system) of the whole server so far: the postmaster with every
    child it has reaped (a session's backend ends with its connection), plus the children
    still running (checkpointer, WAL writer, …)."""
    with open(f"{self.folder}/data/postmaster.pid", encoding="utf-8") as pid_file:
      postmaster = int(pid_file.readline())
    total = 0.0
    for entry in os.listdir("/proc"):
      if not entry.isdigit():
        continue
      try:
        with open(f"/proc/{entry}/stat", encoding="utf-8") as stat_file:
          fields = stat_file.read().rsplit(")", 1)[1].split()
      except OSError:  # gone meanwhile
        continue
      pid, parent = int(entry), int(fields[1])
      if pid == postmaster:  # utime stime cutime cstime
        total += sum(int(value) for value in fields[11:15])
      elif parent == postmaster:
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")

  def wal_position(self) -> str:
    return self.psql("SELECT pg_current_wal_lsn()").strip()

  def wal_bytes_since(self, position: str) -> int:
    return int(float(self.psql(
      f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{position}')").strip()))

  def checkpoints(self) -> int:
    return int(self.psql(
      "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter").strip())

  def drop(self, database: str) -> None:
    self.psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

  def stop(self) -> None:
    if self.port and os.path.isdir(f"{self.folder}/data"):
      subprocess.run(self.as_server + [f"{self.bin}/pg_ctl", "-D", f"{self.folder}/data", "-m",
                                       "fast", "-w", "stop"],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, check=False)
    shutil.rmtree(self.folder, ignore_errors=True)
