# The rlvr Python sandbox harness. It runs inside bubblewrap as `python3 -I -c <this file>` and
# reads one JSON request on stdin. Modules children need are imported once, here, before forking. The process that reads the request is the trusted parent: it
# never runs model code. Each program run happens in a forked child whose stdout, stderr and
# messages go through pipes the parent reads, so the only writer of the sandbox's real stdout (the
# result channel the host parses) is this parent.
#
# Modes:
#   cases   - one child per stdin input; reports stdout/stderr/exit code per input.
#   asserts - one child runs the program then each assert item; reports a canonical encoding of
#             each item's value. Expected values never enter the sandbox (the host compares).
#   split   - no model code: splits `assert actual == expected` strings into the expression to
#             evaluate and the canonical encoding of the expected value (problem text may be
#             model-proposed, so this also runs sandboxed).
import ast
import builtins
import io
import json
import os
import resource
import select
import signal
import sys
import time
import traceback
import types


def main():
    request = json.loads(sys.stdin.buffer.read())
    make_parent_untraceable()
    mode = request['mode']
    if mode == 'cases':
        import shutil
        import tempfile
        directory = tempfile.mkdtemp(prefix='rlvr-')
        try:
            report = {'cases': [run_case(request, text, os.path.join(directory, 'stdin-' + str(index)))
                                for index, text in enumerate(request['inputs'])]}
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    elif mode == 'asserts':
        report = {'items': run_asserts(request)}
    elif mode == 'split':
        report = {'items': [split_assert(source) for source in request['asserts']]}
    else:
        report = {'error': 'unknown mode'}
    os.write(1, (json.dumps(report) + '\n').encode())


def make_parent_untraceable():
    # A non-dumpable process cannot be ptraced by a same-uid process without CAP_SYS_PTRACE.
    try:
        import ctypes
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except Exception:
        pass
    # Forget ctypes again, so that children (model code) have to import it, which the audit hook bans.
    for name in [name for name in sys.modules if name == '_ctypes' or name.split('.')[0] == 'ctypes']:
        del sys.modules[name]
    import gc
    gc.collect()


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

def fork_child(stdin_path, stdout_fd, stderr_fd, keep_fd, body):
    pid = os.fork()
    if pid != 0:
        return pid
    exit_code, _exit = 70, os._exit
    try:
        os.setpgid(0, 0)
        stdin_fd = os.open(stdin_path, os.O_RDONLY)
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


def fresh_standard_streams():
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, 'r', closefd=False)), encoding='utf-8', errors='replace')
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, 'w', closefd=False)), encoding='utf-8', errors='replace')
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, 'w', closefd=False)), encoding='utf-8', errors='replace', line_buffering=True)


def fresh_main_module():
    module = types.ModuleType('__main__')
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
    """Audit hooks cannot be removed once added, so model code cannot lift these bans."""
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
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        return None


# ---------------------------------------------------------------- cases mode

def run_case(request, text, stdin_path):
    timeout_ms = request['timeoutMs']
    limit = request['outputLimitBytes']
    with open(stdin_path, 'wb') as file:
        file.write(text.encode('utf-8', 'replace'))
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    started = time.monotonic()
    pid = fork_child(stdin_path, out_write, err_write, None, lambda: run_program(request['code'], timeout_ms))
    os.close(out_write)
    os.close(err_write)
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
    for fd in (out_read, err_read):
        os.close(fd)
    return {
        'stdout': streams[out_read].decode('utf-8', 'replace'),
        'stderr': streams[err_read].decode('utf-8', 'replace'),
        'exitCode': exit_code_of(status),
        'timedOut': timed_out,
        'outputTruncated': truncated,
        'ms': (time.monotonic() - started) * 1000,
    }


def exit_code_of(status):
    if status is None:
        return None
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    return 128 + os.WTERMSIG(status)


def run_program(source, timeout_ms):
    limit_cpu_seconds(timeout_ms)
    install_audit_hook(block_introspection=False)
    fresh_standard_streams()
    namespace = fresh_main_module()
    exit_code = 0
    try:
        exec(compile(source, '<solution>', 'exec'), namespace)
    except SystemExit as error:
        exit_code = system_exit_code(error)
    except BaseException:
        traceback.print_exc()
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

def run_asserts(request):
    items = request['items']
    timeout_ms = request['timeoutMs']
    nonce = request['nonce'].encode()
    results = [None] * len(items)
    start = 0
    while start < len(items):
        start = run_assert_child(request, items, start, nonce, timeout_ms, results)
    return results


def run_assert_child(request, items, start, nonce, timeout_ms, results):
    """Runs the program then items[start:] in one child; returns the index to resume from."""
    read_fd, write_fd = os.pipe()
    sink = os.open('/dev/null', os.O_WRONLY)
    body = lambda: evaluate_items(request['code'], items, start, nonce, timeout_ms)
    pid = fork_child('/dev/null', sink, sink, write_fd, body)
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
    install_audit_hook(block_introspection=True)
    fresh_standard_streams()
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
