#!/usr/bin/env python3
"""The Debian package an operator installs (docs/operations.md, "Install from the Debian package").

Builds the package with cpack into a scratch folder (or takes --deb), unpacks it with
`dpkg-deb -x`, checks the control data, maintainer scripts, conffile and the systemd unit
(`systemd-analyze verify` when present, and the hardening settings read from the file), then
runs the packaged binary as the unit would: its Environment= settings with the packaged paths
moved under the scratch root, `migrate` on a new SQLite database, `serve` on a free port,
GET /healthz, the web app's index and a packaged font, and SIGTERM.
Exit 77 (skipped) when web/dist has not been built (`make web`).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crash"))
from harness import Server  # noqa: E402

UNIT = "lib/systemd/system/nazar.service"
ENV_FILE = "etc/nazar/nazar.env"
HARDENING = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
             "ProtectHome": "yes", "ReadWritePaths": "/var/lib/nazar", "User": "nazar",
             "EnvironmentFile": "-/etc/nazar/nazar.env", "StateDirectory": "nazar",
             "CapabilityBoundingSet": ""}


def check(cond, what):
    if not cond:
        raise SystemExit("FAIL: " + what)
    print("ok:", what)


def build_deb(cpack_config, out):
    source = None
    with open(os.path.join(os.path.dirname(cpack_config), "CMakeCache.txt")) as f:
        for line in f:
            if line.startswith("CMAKE_HOME_DIRECTORY:"):
                source = line.split("=", 1)[1].strip()
    if source and not os.path.isfile(os.path.join(source, "web", "dist", "index.html")):
        print("SKIP: web/dist is not built (make web)")
        sys.exit(77)
    subprocess.run(["cpack", "--config", cpack_config, "-G", "DEB", "-B", out], check=True,
                   stdout=subprocess.DEVNULL)
    debs = [f for f in os.listdir(out) if f.endswith(".deb")]
    check(len(debs) == 1, f"cpack made one .deb ({debs})")
    return os.path.join(out, debs[0])


def unit_settings(path):
    """[Service]/[Unit]/[Install] settings: name -> list of values, in order."""
    settings = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", "[")):
                continue
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def check_control(deb, scratch):
    control = os.path.join(scratch, "control")
    subprocess.run(["dpkg-deb", "-e", deb, control], check=True)
    fields = subprocess.run(["dpkg-deb", "-f", deb], capture_output=True, text=True, check=True).stdout
    check(re.search(r"^Package: nazar$", fields, re.M) is not None, "control: Package nazar")
    check(re.search(r"^Depends: .*libc6", fields, re.M) is not None, "control: shared-library Depends")
    for script in ("postinst", "prerm", "postrm"):
        path = os.path.join(control, script)
        check(os.path.isfile(path) and os.access(path, os.X_OK), f"{script} present and executable")
        subprocess.run(["sh", "-n", path], check=True)
        check(True, f"{script} parses (sh -n)")
    with open(os.path.join(control, "postinst")) as f:
        postinst = f.read()
    check("useradd --system" in postinst and "/var/lib/nazar" in postinst,
          "postinst makes the nazar system user and /var/lib/nazar")
    with open(os.path.join(control, "conffiles")) as f:
        check(f.read().split() == ["/" + ENV_FILE], "conffiles: /etc/nazar/nazar.env")


def check_unit(root, scratch):
    unit = os.path.join(root, UNIT)
    check(os.path.isfile(unit), "the unit file is packaged")
    settings = unit_settings(unit)
    for key, value in HARDENING.items():
        check(value in settings.get(key, []), f"unit: {key}={value}")
    exec_start = settings["ExecStart"][0].split()
    check(exec_start[1:] == ["serve"] and os.access(root + exec_start[0], os.X_OK),
          f"unit: ExecStart {exec_start[0]} is the packaged binary")
    if shutil.which("systemd-analyze"):
        # The host has no nazar user and no /usr/bin/nazar: verify a copy pointing at the
        # unpacked binary, without User/Group (the user is made by postinst).
        copy = os.path.join(scratch, "nazar.service")
        with open(unit) as f:
            text = f.read()
        text = text.replace("ExecStart=" + exec_start[0], "ExecStart=" + root + exec_start[0])
        text = re.sub(r"^(User|Group)=.*$", "", text, flags=re.M)
        with open(copy, "w") as f:
            f.write(text)
        out = subprocess.run(["systemd-analyze", "verify", copy], capture_output=True, text=True)
        print(out.stdout + out.stderr, end="")
        check(out.returncode == 0, "systemd-analyze verify accepts the unit")
    return settings


def run_packaged(root, settings, scratch):
    """The packaged binary with the unit's environment, paths moved under the scratch root."""
    state = os.path.join(scratch, "var-lib-nazar")
    os.makedirs(state)
    env = {}
    for item in settings.get("Environment", []):
        key, value = item.split("=", 1)
        value = value.replace("/var/lib/nazar", state).replace("/usr/share/nazar", root + "/usr/share/nazar")
        env[key] = value
    # EnvironmentFile= overrides Environment=: the packaged settings' active lines.
    with open(os.path.join(root, ENV_FILE)) as f:
        active = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    check(all(re.fullmatch(r"NAZAR_[A-Z_]+=\S*", line) for line in active),
          f"nazar.env: {len(active)} active NAZAR_* line(s)")
    env.update(line.split("=", 1) for line in active)
    for key in ("NAZAR_WEB_DIR", "NAZAR_FONT_DIR"):
        check(os.path.isdir(env.get(key, "")), f"unit: {key} names a packaged folder")
    os.environ.update(env)
    nazar = root + "/usr/bin/nazar"
    db = env["NAZAR_DB"]
    check(db.startswith("sqlite:" + state), "unit: the database is in /var/lib/nazar")
    server = Server(nazar, db, state, extra=["--threads", "2"])
    server.cli("migrate")
    check(True, "packaged nazar migrate")
    server.start()
    try:
        status, body = server.request("GET", "/healthz")
        check(status == 200, f"GET /healthz: {status}")
        status, body = server.request("GET", "/")
        with open(os.path.join(env["NAZAR_WEB_DIR"], "index.html"), "rb") as f:
            scripts = re.findall(rb'src="(/assets/[^"]+)"', f.read())
        check(status == 200 and scripts and all(s in body for s in scripts),
              f"GET / is the packaged web app's index ({len(scripts)} script(s))")
        status, asset = server.request("GET", scripts[0].decode())
        check(status == 200 and len(asset) > 1000, f"GET {scripts[0].decode()}: {len(asset)} bytes")
        status, font = server.request("GET", "/static/fonts/Vazirmatn-Regular.woff2")
        check(status == 200 and font[:4] == b"wOF2", "GET the packaged Vazirmatn font")
        check(os.path.isfile(os.path.join(state, "secret.key")), "the secret key is made in the state folder")
    finally:
        code = server.stop()
    check(code == 0, f"SIGTERM: exit {code}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cpack-config", help="build/CPackConfig.cmake: build the package")
    ap.add_argument("--deb", help="an already built package")
    ap.add_argument("--nazar", help="the built binary, whose version the package must carry")
    args = ap.parse_args()
    scratch = tempfile.mkdtemp(prefix="nazar-package-")
    try:
        deb = args.deb or build_deb(args.cpack_config, os.path.join(scratch, "out"))
        print(f"package: {deb} ({os.path.getsize(deb)} bytes)")
        root = os.path.join(scratch, "root")
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
        check_control(deb, scratch)
        check(os.path.isfile(os.path.join(root, ENV_FILE)), "/etc/nazar/nazar.env is packaged")
        settings = check_unit(root, scratch)
        if args.nazar:
            built = subprocess.run([args.nazar, "--version"], capture_output=True, text=True).stdout
            packaged = subprocess.run([root + "/usr/bin/nazar", "--version"], capture_output=True,
                                      text=True).stdout
            check(built == packaged and built.startswith("nazar "), f"version: {packaged.strip()}")
        run_packaged(root, settings, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
