#!/usr/bin/env python3
"""Reads a Dockerfile for Docker/check.sh, which replays it without Docker (standard library only).

  dockerfile_replay.py stages DOCKERFILE        stage names in order (an unnamed stage is its index)
  dockerfile_replay.py emit DOCKERFILE STAGE    the stage as calls to check.sh's step_* functions
  dockerfile_replay.py inputs DOCKERFILE STAGE  the build-context paths the stage's COPY lines read
  dockerfile_replay.py context SRC OUT          copy the build context SRC to OUT without what
                                                SRC/.dockerignore excludes
  dockerfile_replay.py copy FROM TO WORKDIR CHOWN DST SRC...
                                                COPY's semantics: SRC paths inside FROM, DST inside TO

Only the instructions check.sh can replay are accepted (FROM, ARG, ENV, WORKDIR, USER, RUN, COPY,
EXPOSE, HEALTHCHECK, ENTRYPOINT, CMD, LABEL); anything else fails the check rather than being
skipped, so the Dockerfile cannot drift into what the check does not prove.
Semantics follow the Dockerfile reference (docs.docker.com/reference/dockerfile/): parser
directives and comments, `\\` line continuations, `$VAR` / `${VAR}` / `${VAR:-default}` in every
instruction but RUN (whose shell expands them), exec (JSON) and shell forms.
"""
import json
import os
import re
import shlex
import shutil
import sys

SUPPORTED = {"FROM", "ARG", "ENV", "WORKDIR", "USER", "RUN", "COPY", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD", "LABEL"}


def fail(message):
    sys.exit(f"dockerfile_replay: {message}")


def logical_lines(path):
    """(line number, text) per instruction: comments dropped, continuations joined."""
    out, buffer, start = [], "", 0
    with open(path) as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.lstrip().startswith("#"):
                continue  # comments, also inside a continuation (the reference allows that)
            if not buffer:
                if not line.strip():
                    continue
                start = number
            if line.endswith("\\"):
                buffer += line[:-1] + " "
                continue
            buffer += line
            out.append((start, buffer.strip()))
            buffer = ""
    if buffer:
        fail(f"{path}:{start}: continuation runs past the end of the file")
    return out


def substitute(text, variables):
    def value(match):
        name = match.group(1) or match.group(3)
        default = match.group(2)
        current = variables.get(name, "")
        return current if current or default is None else default
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)", value, text)


def exec_form(args):
    """The JSON array of an exec form, or None for the shell form."""
    if args.startswith("["):
        try:
            parsed = json.loads(args)
        except json.JSONDecodeError:
            return None
        if isinstance(parsed, list) and all(isinstance(a, str) for a in parsed):
            return parsed
    return None


def parse_stages(path):
    """[(name, [(lineno, instruction, args)])]; global ARGs become the first pseudo entries."""
    global_args, stages = {}, []
    for lineno, line in logical_lines(path):
        word, _, args = line.partition(" ")
        instruction, args = word.upper(), args.strip()
        if instruction not in SUPPORTED:
            fail(f"{path}:{lineno}: {instruction} is not replayed by Docker/check.sh")
        if instruction == "ARG" and not stages:
            name, _, default = args.partition("=")
            global_args[name] = default
            continue
        if instruction == "FROM":
            parts = substitute(args, global_args).split()
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else str(len(stages))
            stages.append((name, [(lineno, "FROM", parts[0])], dict(global_args)))
            continue
        if not stages:
            fail(f"{path}:{lineno}: {instruction} before the first FROM")
        stages[-1][1].append((lineno, instruction, args))
    return stages


def emit(path, stage):
    matches = [s for s in parse_stages(path) if s[0] == stage]
    if not matches:
        fail(f"no stage {stage!r} in {path}")
    _, instructions, variables = matches[0]
    q = shlex.quote
    out = []
    for lineno, instruction, args in instructions:
        out.append(f"step_line {lineno} {q(instruction + ' ' + args)}")
        if instruction == "RUN":
            argv = exec_form(args)
            out.append("step_run_exec " + " ".join(map(q, argv)) if argv is not None else f"step_run_shell {q(args)}")
            continue
        args = substitute(args, variables)
        if instruction == "FROM":
            out.append(f"step_from {q(args)}")
        elif instruction == "ARG":
            name, _, default = args.partition("=")
            variables[name] = variables.get(name) or default
            out.append(f"step_env {q(name)} {q(variables[name])}")
        elif instruction in ("ENV", "LABEL"):
            tokens = shlex.split(args)
            pairs = [t.partition("=")[::2] for t in tokens] if "=" in tokens[0] else [(tokens[0], " ".join(tokens[1:]))]
            for key, value in pairs:
                if instruction == "ENV":
                    variables[key] = value
                    out.append(f"step_env {q(key)} {q(value)}")
                else:
                    out.append(f"step_label {q(key)} {q(value)}")
        elif instruction == "WORKDIR":
            out.append(f"step_workdir {q(args)}")
        elif instruction == "USER":
            out.append(f"step_user {q(args)}")
        elif instruction == "EXPOSE":
            out.append("step_expose " + " ".join(map(q, args.split())))
        elif instruction == "COPY":
            words = args.split()
            flags = {w.partition("=")[0]: w.partition("=")[2] for w in words if w.startswith("--")}
            paths = exec_form(args) or [w for w in words if not w.startswith("--")]
            unknown = set(flags) - {"--from", "--chown", "--link"}
            if unknown or len(paths) < 2:
                fail(f"{path}:{lineno}: COPY {args!r}: only --from, --chown and --link are replayed")
            out.append(f"step_copy {q(flags.get('--from', ''))} {q(flags.get('--chown', ''))} " + " ".join(map(q, paths)))
        elif instruction in ("ENTRYPOINT", "CMD"):
            argv = exec_form(args)
            if argv is None:
                argv = ["/bin/sh", "-c", args]
            out.append(f"step_{instruction.lower()} " + " ".join(map(q, argv)))
        elif instruction == "HEALTHCHECK":
            prefix = re.match(r"((?:--[a-z-]+=\S+\s+)*)(.*)$", args)
            options = re.findall(r"--([a-z-]+)=(\S+)", prefix.group(1))
            word, _, rest = prefix.group(2).partition(" ")
            if word.upper() == "NONE":
                out.append("step_healthcheck_none")
                continue
            if word.upper() != "CMD":
                fail(f"{path}:{lineno}: HEALTHCHECK needs CMD or NONE")
            argv = exec_form(rest.strip()) or ["/bin/sh", "-c", rest.strip()]
            for key, value in options:
                out.append(f"step_healthcheck_option {q(key)} {q(value)}")
            out.append("step_healthcheck " + " ".join(map(q, argv)))
    return "\n".join(out) + "\n"


def inputs(path, stage):
    """Context sources of COPY (not --from) in STAGE: what the stage's cache key must cover."""
    paths = []
    for line in emit(path, stage).splitlines():
        words = shlex.split(line)
        if words[0] == "step_copy" and not words[1]:
            paths.extend(words[3:-1])
    return paths


def ignore_patterns(src):
    """(.dockerignore pattern as regex, excluded?) in file order; the last match wins."""
    rules = []
    path = os.path.join(src, ".dockerignore")
    if not os.path.exists(path):
        return rules
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            pattern = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
            regex = ""
            i = 0
            while i < len(pattern):  # Go's filepath.Match, plus `**` for any number of folders
                if pattern.startswith("**/", i):
                    regex, i = regex + "(?:.*/)?", i + 3
                elif pattern.startswith("**", i):
                    regex, i = regex + ".*", i + 2
                else:
                    c = pattern[i]
                    regex += "[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c)
                    i += 1
            rules.append((re.compile(regex + "$"), not negated))
    return rules


def excluded(relative, rules):
    """Docker excludes a path when a pattern matches it or one of its parent folders."""
    parts = relative.split("/")
    result = False
    for regex, exclude in rules:
        if any(regex.match("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            result = exclude
    return result


def copy_context(src, out):
    rules = ignore_patterns(src)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    count = 0
    for directory, folders, files in os.walk(src):
        relative_dir = os.path.relpath(directory, src)
        for name in list(folders) + files:
            relative = os.path.normpath(os.path.join(relative_dir, name))
            if excluded(relative, rules):
                continue
            source, target = os.path.join(src, relative), os.path.join(out, relative)
            if os.path.islink(source):
                os.symlink(os.readlink(source), target)
            elif os.path.isdir(source):
                os.makedirs(target, exist_ok=True)
            else:
                shutil.copy2(source, target)
                count += 1
        # Walk only kept folders (a `!` exception below an excluded folder is not supported).
        folders[:] = [d for d in folders if not excluded(os.path.normpath(os.path.join(relative_dir, d)), rules)]
    print(f"context: {count} files")


def resolve_id(name, table, root):
    if name.isdigit():
        return int(name)
    with open(os.path.join(root, "etc", table)) as f:
        for line in f:
            fields = line.split(":")
            if fields[0] == name:
                return int(fields[2])
    fail(f"COPY --chown: no {name!r} in /etc/{table}")


def copy(from_root, to_root, workdir, chown, dst, sources):
    """COPY: a folder's contents are copied (not the folder), a file lands in DST or DST/ ;
    everything is owned by root unless --chown names an owner."""
    user, _, group = chown.partition(":")
    uid = resolve_id(user, "passwd", to_root) if user else 0
    gid = resolve_id(group, "group", to_root) if group else uid
    target = dst if dst.startswith("/") else os.path.join(workdir, dst)
    into_folder = dst.endswith("/") or len(sources) > 1
    created = []

    def place(source, destination):
        parent = os.path.dirname(destination)
        missing = []
        while parent and not os.path.exists(parent):
            missing.append(parent)
            parent = os.path.dirname(parent)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        created.extend(missing)
        if os.path.isdir(source) and not os.path.islink(source):
            shutil.copytree(source, destination, symlinks=True, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination, follow_symlinks=False)
        created.append(destination)

    for source in sources:
        host_source = os.path.join(from_root, source.lstrip("/"))
        if not os.path.lexists(host_source):
            fail(f"COPY: {source} does not exist")
        host_target = os.path.join(to_root, target.lstrip("/"))
        if os.path.isdir(host_source) and not os.path.islink(host_source):
            place(host_source, host_target)
        elif into_folder or os.path.isdir(host_target):
            place(host_source, os.path.join(host_target, os.path.basename(source)))
        else:
            place(host_source, host_target)
    for path in created:
        os.lchown(path, uid, gid)
        if os.path.isdir(path) and not os.path.islink(path):
            for directory, folders, files in os.walk(path):
                for name in folders + files:
                    os.lchown(os.path.join(directory, name), uid, gid)

def main(argv):
    if len(argv) >= 3 and argv[1] == "stages":
        print("\n".join(name for name, _, _ in parse_stages(argv[2])))
    elif len(argv) == 4 and argv[1] == "emit":
        sys.stdout.write(emit(argv[2], argv[3]))
    elif len(argv) == 4 and argv[1] == "inputs":
        print("\n".join(inputs(argv[2], argv[3])))
    elif len(argv) == 4 and argv[1] == "context":
        copy_context(argv[2], argv[3])
    elif len(argv) >= 8 and argv[1] == "copy":
        copy(argv[2], argv[3], argv[4], argv[5], argv[6], argv[7:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
