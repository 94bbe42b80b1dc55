# The rlvr Python sandbox harness. It runs inside bubblewrap as
# `python3 -I -S -B -c <bootstrap> NAME=LIMIT...` (the bootstrap runs this file compiled, read from
# stdin: see compiled-python-harness.ts), then reads one JSON request from the rest of stdin.
#
# The process that reads the request is the trusted parent: it never runs model code. Before it
# reads anything it sets the resource limits given on its command line as hard limits, which
# every later process inherits and none can raise (raising a hard limit needs CAP_SYS_RESOURCE in
# the host's user namespace). Each program run happens in a forked child whose stdout, stderr and
# messages go through pipes the parent reads, so the only writer of the sandbox's real stdout (the
# result channel the host parses) is this parent. Between children the parent kills every other
# process of the sandbox and empties its writable directories, so one run cannot affect the next.
#
# Start-up cost matters (a sandbox per program): the parent imports only what its mode needs
# (`json`, `signal`, `traceback` and `tempfile` each pull in modules worth 10-40 ms here), and
# `-S` skips `site` (and the .pth start-up code it would execute); the package directories `site`
# would add are put on sys.path directly.
#
# Modes:
#   cases   - one child per stdin input; reports stdout/stderr/exit code per input.
#   asserts - one child runs the program then each assert item; reports a canonical encoding of
#             each item's value. Expected values never enter the sandbox (the host compares).
#   split   - no model code: splits `assert actual == expected` strings into the expression to
#             evaluate and the canonical encoding of the expected value (problem text may be
#             model-proposed, so this also runs sandboxed).
import builtins
import gc
import io
import os
import resource
import select
import sys
import time
from _signal import SIGKILL  # the `signal` module would import `enum`

# Bound before any model code runs: model code may replace the names in `sys`.
print_exception = sys.__excepthook__
ModuleType = type(sys)
WRITABLE_DIRECTORIES = ('/tmp', '/dev/shm')
# After a fork, each page either process writes costs a page fault and a copy, ~50 µs each on the
# benchmark's virtual machine: the parent makes the children's standard streams ahead, in batches.
STREAMS_MADE_AHEAD = 32


def main():
    set_hard_limits(sys.argv[1:])
    add_package_directories()
    parse_json, to_json = json_functions()
    request = parse_json(sys.stdin.buffer.read().decode('utf-8'))
    guard_parent()
    cleaner = SandboxCleaner(request.get('isolated') is True)
    mode = request['mode']
    if mode == 'cases':
        report = {'cases': run_cases(request, cleaner)}
    elif mode == 'asserts':
        report = {'items': run_asserts(request, cleaner)}
    elif mode == 'split':
        report = {'items': [split_assert(source) for source in request['asserts']]}
    else:
        report = {'error': 'unknown mode'}
    report['cpuMs'] = cpu_milliseconds()
    os.write(1, (to_json(report) + '\n').encode())


def set_hard_limits(assignments):
    """`NAME=VALUE` sets RLIMIT_NAME's soft and hard limit to VALUE (or lower, if already lower)."""
    for assignment in assignments:
        name, _, text = assignment.partition('=')
        kind, value = getattr(resource, 'RLIMIT_' + name), int(text)
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))


def add_package_directories():
    """What `site` would add to sys.path on Debian and elsewhere, without running .pth files."""
    version = 'python%d.%d' % sys.version_info[:2]
    for directory in (sys.prefix + '/local/lib/' + version + '/dist-packages', sys.prefix + '/lib/python3/dist-packages',
                      sys.prefix + '/lib/' + version + '/dist-packages', sys.prefix + '/lib/' + version + '/site-packages'):
        if directory not in sys.path and os.path.isdir(directory):
            sys.path.append(directory)
    # `site` also defines exit() and quit(), which programs call.
    def leave(code=None):
        raise SystemExit(code)
    builtins.exit = builtins.quit = leave


def json_functions():
    """json's C scanner and encoder, without the `json` package (it imports `re` and `enum`)."""
    try:
        import _json
    except ImportError:
        import json
        return json.loads, lambda value: json.dumps(value, ensure_ascii=True)

    class Options:
        strict = True
        object_hook = object_pairs_hook = None
        parse_float, parse_int = float, int
        parse_constant = float  # NaN, Infinity, -Infinity

    scan = _json.make_scanner(Options())
    encode = _json.make_encoder(None, None, _json.encode_basestring_ascii, None, ':', ',', False, False, False)

    def parse(text):
        value, end = scan(text, 0)
        if text[end:].strip():
            raise ValueError('extra data after the request')
        return value

    return parse, lambda value: ''.join(encode(value, 0))


def guard_parent():
    """Children run as the same user: they must not be able to ptrace this process, and every
    process they leave behind must become this process's child, to be killed and reaped."""
    import ctypes
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    for option, value in ((4, 0), (36, 1)):  # PR_SET_DUMPABLE = 4, PR_SET_CHILD_SUBREAPER = 36
        if prctl(option, value, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), 'prctl(%d) failed' % option)
    # Forget ctypes again, so that children (model code) have to import it, which the audit hook bans.
    for name in [name for name in sys.modules if name == '_ctypes' or name.split('.')[0] == 'ctypes']:
        del sys.modules[name]
    gc.collect()
    # Children then leave the parent's objects alone when they collect garbage (fewer copied pages).
    gc.freeze()


def cpu_milliseconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime) * 1000


class SandboxCleaner:
    """Returns the sandbox to a clean state after a child: no other process, empty writable
    directories. Only inside the sandbox's own pid namespace, where kill(-1) reaches nothing else."""

    def __init__(self, isolated):
        self.isolated = isolated

    def clean(self):
        if not self.isolated:
            return
        self.kill_other_processes()
        for directory in WRITABLE_DIRECTORIES:
            empty_directory(directory)

    @staticmethod
    def kill_other_processes():
        # kill(-1) reaches every process of the namespace but its init and this one. A fork that
        # races it fails (its parent has a fatal signal pending), and orphans become this
        # process's children (subreaper), so once none is left to reap, none is left at all.
        while True:
            try:
                os.kill(-1, SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                return


def empty_directory(path):
    """Removes everything under `path` without following symbolic links; children may have made
    directories unreadable, and no other process is running, so nothing changes meanwhile."""
    os.chmod(path, 0o755)
    pending = [(path, False)]
    while pending:
        directory, entries_removed = pending.pop()
        if entries_removed:
            os.rmdir(directory)
            continue
        if directory != path:
            pending.append((directory, True))
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    os.chmod(entry.path, 0o700)
                    pending.append((entry.path, False))
                else:
                    os.unlink(entry.path)


# ---------------------------------------------------------------- canonical encoding of values

class NotPlainData(Exception):
    pass


def make_encoder():
    """Encodes plain data so that two values encode equally iff Python's == holds between them
    (up to float NaN). Only exact builtin types count: a subclass or any object with its own
    __eq__ is rejected, so a lying object cannot pass a comparison."""
    _type, _repr, _sorted, _int, _float = type, repr, sorted, int, float
    _bool, _str, _list, _tuple, _dict = bool, str, list, tuple, dict
    _set, _frozenset, _bytes, _complex = set, frozenset, bytes, complex
    join = ','.join
    infinite = (_float('inf'), _float('-inf'))

    def encode(value, depth=0):
        if depth > 200:
            raise NotPlainData('nesting deeper than 200')
        kind = _type(value)
        if value is None:
            return 'N'
        if kind is _bool:
            return 'i1' if value else 'i0'
        if kind is _int:
            return 'i' + _repr(value)
        if kind is _float:
            if value == value and value not in infinite and value.is_integer():
                return 'i' + _repr(_int(value))
            return 'f' + _repr(value)
        if kind is _complex:
            return encode(value.real, depth) if value.imag == 0 else 'c' + _repr(value)
        if kind is _str:
            return 's' + _repr(value)
        if kind is _bytes:
            return 'b' + _repr(value)
        if kind is _list:
            return '[' + join([encode(item, depth + 1) for item in value]) + ']'
        if kind is _tuple:
            return '(' + join([encode(item, depth + 1) for item in value]) + ')'
        if kind is _dict:
            pairs = [encode(key, depth + 1) + ':' + encode(item, depth + 1) for key, item in value.items()]
            return '{' + join(_sorted(pairs)) + '}'
        if kind is _set or kind is _frozenset:
            return '<' + join(_sorted([encode(item, depth + 1) for item in value])) + '>'
        raise NotPlainData('value of type ' + _str(kind.__name__) + ' is not plain data')

    return encode


# ---------------------------------------------------------------- split mode (no model code)

def split_assert(source):
    import ast
    import math
    encode = make_encoder()
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return {'kind': 'invalid', 'message': 'syntax error: ' + str(error.msg)}
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assert):
        return {'kind': 'setup', 'source': source}
    test = tree.body[0].test
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        for actual, expected in ((test.left, test.comparators[0]), (test.comparators[0], test.left)):
            try:
                code = compile(ast.Expression(expected), '<expected>', 'eval')
                value = eval(code, {'__builtins__': builtins, 'math': math})
                return {'kind': 'value', 'source': ast.unparse(actual), 'expected': encode(value)}
            except Exception:
                continue
    return {'kind': 'truth', 'source': ast.unparse(test)}


# ---------------------------------------------------------------- children (model code)

def fork_child(stdin_fd, stdout_fd, stderr_fd, keep_fd, body):
    pid = os.fork()
    if pid != 0:
        return pid
    exit_code, _exit = 70, os._exit
    try:
        os.setpgid(0, 0)
        os.dup2(stdin_fd, 0)
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        # Close every other descriptor (the parent's result channel among them) except `keep_fd`.
        if keep_fd is None:
            os.closerange(3, 4096)
        else:
            os.dup2(keep_fd, 3)
            os.closerange(4, 4096)
        exit_code = body()
    finally:
        _exit(exit_code)


def stdin_file(text):
    """A memory file holding `text`: nothing on the sandbox's file system for later runs to find."""
    fd = os.memfd_create('stdin', os.MFD_CLOEXEC)
    data = memoryview(text.encode('utf-8', 'replace'))
    while data:
        data = data[os.write(fd, data):]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def fresh_standard_streams():
    return (
        io.TextIOWrapper(io.BufferedReader(io.FileIO(0, 'r', closefd=False)), encoding='utf-8', errors='replace'),
        io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, 'w', closefd=False)), encoding='utf-8', errors='replace'),
        io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, 'w', closefd=False)), encoding='utf-8', errors='replace', line_buffering=True),
    )


def fresh_main_module():
    module = ModuleType('__main__')
    module.__dict__['__builtins__'] = builtins
    sys.modules['__main__'] = module
    return module.__dict__


BLOCKED_ALWAYS = {'os.exec', 'os.posix_spawn', 'os.spawn', 'os.system', 'subprocess.Popen', 'pty.spawn', 'sys.addaudithook',
                  'gc.get_objects', 'gc.get_referrers', 'gc.get_referents'}
BLOCKED_IMPORTS = {'ctypes', '_ctypes'}
# Ways to reach the harness's frames and objects from model code (asserts mode only).
BLOCKED_INTROSPECTION = {'sys._getframe', 'sys._current_frames', 'sys.settrace', 'sys.setprofile'}
BLOCKED_ATTRIBUTES = {'tb_frame', 'gi_frame', 'cr_frame', 'ag_frame', 'f_back'}


def install_audit_hook(block_introspection):
    """Audit hooks cannot be removed once added, so model code cannot lift these bans. The parent
    installs the hook before forking any child (it uses none of what it bans afterwards)."""
    blocked = set(BLOCKED_ALWAYS) | (BLOCKED_INTROSPECTION if block_introspection else set())
    blocked_attributes = frozenset(BLOCKED_ATTRIBUTES if block_introspection else ())
    blocked_imports = frozenset(BLOCKED_IMPORTS)
    blocked = frozenset(blocked)
    error = PermissionError

    def hook(event, arguments):
        if event in blocked:
            raise error('blocked in the sandbox: ' + event)
        if event == 'import' and arguments[0] in blocked_imports:
            raise error('blocked in the sandbox: import ' + arguments[0])
        if event == 'object.__getattr__' and arguments[1] in blocked_attributes:
            raise error('blocked in the sandbox: .' + arguments[1])

    sys.addaudithook(hook)


def limit_cpu_seconds(timeout_ms):
    seconds = int(timeout_ms / 1000) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


def kill_group(pid):
    try:
        os.killpg(pid, SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        return None


# ---------------------------------------------------------------- cases mode

def run_cases(request, cleaner):
    program = compile_program(request['code'])
    inputs = request['inputs']
    install_audit_hook(block_introspection=False)
    results = []
    for start in range(0, len(inputs), STREAMS_MADE_AHEAD):
        batch = inputs[start:start + STREAMS_MADE_AHEAD]
        streams = [fresh_standard_streams() for _ in batch]
        results += [run_case(request, program, text, case_streams, cleaner) for text, case_streams in zip(batch, streams)]
    return results


def compile_program(source):
    """Compiled once, in the parent (compiling runs no model code): each child only executes it.
    A program that does not compile gets its error raised in each child, as Python would."""
    try:
        return compile(source, '<solution>', 'exec')
    except Exception as error:
        return error


def run_case(request, program, text, streams, cleaner):
    timeout_ms = request['timeoutMs']
    limit = request['outputLimitBytes']
    stdin_fd = stdin_file(text)
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    started = time.monotonic()
    pid = fork_child(stdin_fd, out_write, err_write, None, lambda: run_program(program, streams, timeout_ms))
    for fd in (stdin_fd, out_write, err_write):
        os.close(fd)
    streams = {out_read: bytearray(), err_read: bytearray()}
    open_fds = [out_read, err_read]
    deadline = started + timeout_ms / 1000
    timed_out = truncated = False
    while open_fds:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select(open_fds, [], [], remaining)
        for fd in ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                open_fds.remove(fd)
                continue
            streams[fd] += chunk
            if len(streams[fd]) > limit:
                del streams[fd][limit:]
                truncated = True
        if truncated:
            break
    status = None
    if timed_out or truncated:
        kill_group(pid)
    else:
        _, status = os.waitpid(pid, 0)
        kill_group(pid)
    elapsed_ms = (time.monotonic() - started) * 1000
    for fd in (out_read, err_read):
        os.close(fd)
    cleaner.clean()
    return {
        'stdout': streams[out_read].decode('utf-8', 'replace'),
        'stderr': streams[err_read].decode('utf-8', 'replace'),
        'exitCode': exit_code_of(status),
        'timedOut': timed_out,
        'outputTruncated': truncated,
        'ms': elapsed_ms,
    }


def exit_code_of(status):
    if status is None:
        return None
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    return 128 + os.WTERMSIG(status)


def run_program(program, streams, timeout_ms):
    limit_cpu_seconds(timeout_ms)
    sys.stdin, sys.stdout, sys.stderr = streams
    namespace = fresh_main_module()
    exit_code = 0
    try:
        if isinstance(program, BaseException):
            raise program.with_traceback(None)
        exec(program, namespace)
    except SystemExit as error:
        exit_code = system_exit_code(error)
    except BaseException as error:
        # The traceback starts at this frame; the program's part follows it.
        print_exception(type(error), error.with_traceback(error.__traceback__.tb_next), None)
        exit_code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    return exit_code


def system_exit_code(error):
    code = error.code
    if code is None:
        return 0
    if type(code) is int:
        return code & 0xFF
    try:
        print(code, file=sys.stderr)
    except BaseException:
        pass
    return 1


# ---------------------------------------------------------------- asserts mode

def run_asserts(request, cleaner):
    import ast  # imported before forking, so that each child compiling the asserts finds it loaded
    install_audit_hook(block_introspection=True)
    items = request['items']
    timeout_ms = request['timeoutMs']
    nonce = request['nonce'].encode()
    results = [None] * len(items)
    start = 0
    while start < len(items):
        start = run_assert_child(request, items, start, nonce, timeout_ms, results)
        cleaner.clean()
    return results


def run_assert_child(request, items, start, nonce, timeout_ms, results):
    """Runs the program then items[start:] in one child; returns the index to resume from."""
    read_fd, write_fd = os.pipe()
    sink = os.open('/dev/null', os.O_RDWR)
    body = lambda: evaluate_items(request['code'], items, start, nonce, timeout_ms)
    pid = fork_child(sink, sink, sink, write_fd, body)
    os.close(write_fd)
    os.close(sink)
    buffer = bytearray()
    loaded = False
    current = None
    deadline = time.monotonic() + timeout_ms / 1000
    outcome = None
    while outcome is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            outcome = 'timeout'
            break
        ready, _, _ = select.select([read_fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_fd, 65536)
        if not chunk:
            outcome = 'exited'
            break
        buffer += chunk
        while b'\n' in buffer:
            line, _, rest = bytes(buffer).partition(b'\n')
            buffer = bytearray(rest)
            message = parse_message(line, nonce)
            if message is None:
                continue
            tag, index, body_text = message
            if tag == 'P':
                outcome = 'program-error:' + body_text
            elif tag == 'L':
                loaded = True
            elif tag == 'B' and index is not None and start <= index < len(items):
                current = index
                deadline = time.monotonic() + timeout_ms / 1000
            elif tag in ('R', 'E') and index == current and results[index] is None:
                results[index] = {'status': 'value' if tag == 'R' else 'error', 'value': body_text}
                current = None
            elif tag == 'D':
                outcome = 'done'
    kill_group(pid)
    os.close(read_fd)
    if outcome == 'done':
        return len(items)
    if not loaded:
        reason = outcome if outcome != 'exited' else 'program exited before the asserts ran'
        for index in range(start, len(items)):
            results[index] = {'status': 'timeout' if outcome == 'timeout' else 'error', 'value': reason}
        return len(items)
    unresolved = [index for index in range(start, len(items)) if results[index] is None]
    if not unresolved:
        return len(items)
    failed_at = current if current is not None else unresolved[0]
    results[failed_at] = {'status': 'timeout' if outcome == 'timeout' else 'error', 'value': outcome}
    return failed_at + 1


def parse_message(line, nonce):
    if not line.startswith(nonce + b' '):
        return None
    parts = line[len(nonce) + 1:].decode('utf-8', 'replace').split(' ', 2)
    tag = parts[0]
    index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    body_text = parts[2] if len(parts) > 2 else ''
    return tag, index, body_text


def evaluate_items(source, items, start, nonce, timeout_ms):
    # Everything the harness uses after model code has run is bound here, before it runs: model
    # code can rebind names in `builtins` or `os`, but cannot alter these builtin objects.
    write, encode, _bool, _dict, _eval, _exec = os.write, make_encoder(), bool, dict, eval, exec
    pristine_builtins = _dict(builtins.__dict__)
    import math  # asserts often use math.isclose without the program importing math
    prefix = nonce + b' '
    compiled = [compile_item(item) for item in items]
    steps = [(str(index),) + compiled[index] for index in range(start, len(items))]
    helpers = strict_helpers(encode)

    def send(text):
        write(3, prefix + text.encode('utf-8', 'replace') + b'\n')

    limit_cpu_seconds(timeout_ms * (len(items) - start + 1))
    sys.stdin, sys.stdout, sys.stderr = fresh_standard_streams()
    namespace = fresh_main_module()
    try:
        _exec(compile(source, '<solution>', 'exec'), namespace)
    except BaseException as error:
        send('P 0 ' + exception_name(error))
        return 0
    send('L 0')
    for label, kind, code in steps:
        send('B ' + label)
        try:
            if kind == 'setup':
                _exec(code, namespace)
                send('R ' + label + ' setup')
            elif kind == 'value':
                scope = _dict(namespace)
                scope.setdefault('math', math)
                scope['__builtins__'] = pristine_builtins
                send('R ' + label + ' ' + encode(_eval(code, scope)))
            else:
                # Builtin names in an opaque assert mean the real builtins, not model redefinitions.
                scope = _dict(namespace)
                for name in pristine_builtins:
                    scope.pop(name, None)
                scope.update(helpers)
                scope.setdefault('math', math)
                scope['__builtins__'] = pristine_builtins
                value = _eval(code, scope)
                encode(value)
                send('R ' + label + (' T' if _bool(value) else ' F'))
        except BaseException as error:
            send('E ' + label + ' ' + exception_name(error))
    send('D 0')
    return 0


def exception_name(error):
    # Read through type's own descriptor: a metaclass of model code could override `__name__`.
    try:
        name = type.__dict__['__name__'].__get__(type(error), type)
        return name.replace('\n', ' ')[:200]
    except BaseException:
        return 'Exception'


def compile_item(item):
    kind = item['kind']
    if kind == 'setup':
        return kind, compile(item['source'], '<assert>', 'exec')
    if kind == 'value':
        return kind, compile(item['source'], '<assert>', 'eval')
    return kind, compile(strict_truth_tree(item['source']), '<assert>', 'eval')


def strict_truth_tree(source):
    """Rewrites comparisons and boolean operators of an opaque assert so that each operand must be
    plain data: an object whose __eq__ or __bool__ lies fails instead of passing."""
    import ast

    def call(name, *arguments):
        return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(arguments), keywords=[])

    class Strict(ast.NodeTransformer):
        def visit_Compare(self, node):
            self.generic_visit(node)
            operators = ast.Tuple(elts=[ast.Constant(type(op).__name__) for op in node.ops], ctx=ast.Load())
            operands = ast.Tuple(elts=[node.left] + node.comparators, ctx=ast.Load())
            return call('__rlvr_compare__', operands, operators)

        def visit_BoolOp(self, node):
            self.generic_visit(node)
            node.values = [call('__rlvr_truth__', value) for value in node.values]
            return node

        def visit_UnaryOp(self, node):
            self.generic_visit(node)
            if isinstance(node.op, ast.Not):
                node.operand = call('__rlvr_truth__', node.operand)
            return node

    tree = Strict().visit(ast.parse(source, mode='eval'))
    return ast.fix_missing_locations(tree)


def strict_helpers(encode):
    _bool, _len = bool, len
    comparisons = {
        'Eq': lambda a, b: a == b, 'NotEq': lambda a, b: a != b,
        'Lt': lambda a, b: a < b, 'LtE': lambda a, b: a <= b,
        'Gt': lambda a, b: a > b, 'GtE': lambda a, b: a >= b,
        'In': lambda a, b: a in b, 'NotIn': lambda a, b: a not in b,
        'Is': lambda a, b: a is b, 'IsNot': lambda a, b: a is not b,
    }

    _range = range

    def compare(operands, operators):
        for index in _range(_len(operators)):
            left, right, operator = operands[index], operands[index + 1], operators[index]
            if operator not in ('Is', 'IsNot'):
                encode(left)
                encode(right)
            if not comparisons[operator](left, right):
                return False
        return True

    def truth(value):
        encode(value)
        return _bool(value)

    return {'__rlvr_compare__': compare, '__rlvr_truth__': truth}


main()
