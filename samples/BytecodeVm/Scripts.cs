// The programs the sample runs, as VM source text (generated once from .vm
// files; edit here). Training and benchmark programs use the same language
// features (recursion, loops, arrays, maps, strings, floats) but are
// different programs: PGO is trained on one set and judged on the other.

namespace BytecodeVm;

internal static class Scripts
{
    /// <summary>Run by `train`: the PGO training run.</summary>
    public static readonly (string Name, string Source)[] Train =
    [
        (
            "fib",
            """
            # Training: recursion and integer arithmetic.
            fn fib(n) {
                if n < 2 { return n; }
                return fib(n - 1) + fib(n - 2);
            }

            fn fib_iter(n) {
                let a = 0;
                let b = 1;
                let i = 0;
                while i < n {
                    let t = a + b;
                    a = b;
                    b = t;
                    i = i + 1;
                }
                return a;
            }

            fn gcd(a, b) {
                while b != 0 {
                    let t = a % b;
                    a = b;
                    b = t;
                }
                return a;
            }

            emit(fib(22));
            let n = 0;
            let total = 0;
            while n < 90 {
                total = total + fib_iter(n) % 1000003;
                n = n + 1;
            }
            emit(total);

            # golden ratio from consecutive Fibonacci numbers
            let ratio = float(fib_iter(40)) / float(fib_iter(39));
            emit(ratio);

            let g = 0;
            let i = 1;
            while i < 3000 {
                g = g + gcd(i * 7919, 104729 + i);
                i = i + 1;
            }
            emit(g);
            """),
        (
            "sort",
            """
            # Training: arrays, comparisons and a few sorting algorithms.
            let seed = 12345;
            fn rand() {
                seed = (seed * 1103515245 + 12345) % 2147483648;
                return seed;
            }

            fn random_array(n, limit) {
                let a = [];
                let i = 0;
                while i < n {
                    push(a, rand() % limit);
                    i = i + 1;
                }
                return a;
            }

            fn insertion_sort(a) {
                let i = 1;
                while i < len(a) {
                    let x = a[i];
                    let j = i - 1;
                    while j >= 0 && a[j] > x {
                        a[j + 1] = a[j];
                        j = j - 1;
                    }
                    a[j + 1] = x;
                    i = i + 1;
                }
            }

            fn quicksort(a, lo, hi) {
                if lo >= hi { return; }
                let p = a[(lo + hi) / 2];
                let i = lo;
                let j = hi;
                while i <= j {
                    while a[i] < p { i = i + 1; }
                    while a[j] > p { j = j - 1; }
                    if i <= j {
                        let t = a[i];
                        a[i] = a[j];
                        a[j] = t;
                        i = i + 1;
                        j = j - 1;
                    }
                }
                quicksort(a, lo, j);
                quicksort(a, i, hi);
            }

            fn is_sorted(a) {
                let i = 1;
                while i < len(a) {
                    if a[i - 1] > a[i] { return false; }
                    i = i + 1;
                }
                return true;
            }

            fn checksum(a) {
                let s = 0;
                let i = 0;
                while i < len(a) {
                    s = (s * 31 + a[i]) % 1000000007;
                    i = i + 1;
                }
                return s;
            }

            let small = random_array(400, 1000);
            insertion_sort(small);
            emit(is_sorted(small));
            emit(checksum(small));

            let big = random_array(6000, 100000);
            quicksort(big, 0, len(big) - 1);
            emit(is_sorted(big));
            emit(checksum(big));

            # sort words too: string comparison
            let words = [];
            let k = 0;
            while k < 300 {
                push(words, "w" + str(rand() % 5000));
                k = k + 1;
            }
            quicksort(words, 0, len(words) - 1);
            emit(words[0] + words[len(words) - 1]);
            """),
        (
            "strings",
            """
            # Training: string building, splitting and character counting with a map.
            fn repeat(s, n) {
                let out = "";
                let i = 0;
                while i < n {
                    out = out + s;
                    i = i + 1;
                }
                return out;
            }

            fn reverse(s) {
                let out = "";
                let i = len(s) - 1;
                while i >= 0 {
                    out = out + s[i];
                    i = i - 1;
                }
                return out;
            }

            let parts = [];
            let i = 0;
            while i < 1500 {
                push(parts, "item" + str(i * 37 % 1000));
                i = i + 1;
            }
            let line = join(parts, ",");
            emit(len(line));

            # split it back and count characters
            let counts = map();
            let fields = split(line, ",");
            let f = 0;
            while f < len(fields) {
                let w = fields[f];
                let c = 0;
                while c < len(w) {
                    let ch = chr(ord(w, c));
                    if has(counts, ch) {
                        counts[ch] = counts[ch] + 1;
                    } else {
                        counts[ch] = 1;
                    }
                    c = c + 1;
                }
                f = f + 1;
            }
            emit(counts);

            let r = reverse(repeat("abcdefghij", 60));
            emit(r);
            emit(substr(r, 5, 10));

            # build a small table as text
            let rows = [];
            let y = 0;
            while y < 200 {
                push(rows, str(y) + ":" + str(y * y) + ":" + str(float(y) / 8.0));
                y = y + 1;
            }
            emit(join(rows, ";"));
            """),
        (
            "floats",
            """
            # Training: float arithmetic, mixed int/float and builtins.
            fn leibniz(terms) {
                let sum = 0.0;
                let sign = 1.0;
                let k = 0;
                while k < terms {
                    sum = sum + sign / float(2 * k + 1);
                    sign = -sign;
                    k = k + 1;
                }
                return 4.0 * sum;
            }

            fn newton_sqrt(x) {
                let g = x / 2.0;
                let i = 0;
                while i < 20 {
                    g = (g + x / g) / 2.0;
                    i = i + 1;
                }
                return g;
            }

            emit(leibniz(40000));
            let i = 1;
            let err = 0.0;
            while i < 2000 {
                err = err + abs(newton_sqrt(float(i)) - sqrt(i));
                i = i + 1;
            }
            emit(err < 0.001);

            # running mean and variance
            let xs = [];
            let k = 0;
            while k < 5000 {
                push(xs, float((k * 7919) % 1000) / 10.0);
                k = k + 1;
            }
            let mean = 0.0;
            let m2 = 0.0;
            let n = 0;
            while n < len(xs) {
                let d = xs[n] - mean;
                mean = mean + d / float(n + 1);
                m2 = m2 + d * (xs[n] - mean);
                n = n + 1;
            }
            emit(int(mean * 1000.0));
            emit(int(m2 / float(n - 1)));
            emit(max(min(mean, 99.5), 0.5));
            """),
        (
            "life",
            """
            # Training: Conway's game of life on a wrapping 2D grid (nested arrays).
            let size = 32;

            fn make_grid(n) {
                let g = [];
                let y = 0;
                while y < n {
                    push(g, array(n, 0));
                    y = y + 1;
                }
                return g;
            }

            fn step(g) {
                let n = len(g);
                let next = make_grid(n);
                let y = 0;
                while y < n {
                    let x = 0;
                    while x < n {
                        let live = 0;
                        let dy = n - 1;
                        while dy <= n + 1 {
                            let dx = n - 1;
                            while dx <= n + 1 {
                                if dx != n || dy != n {
                                    live = live + g[(y + dy) % n][(x + dx) % n];
                                }
                                dx = dx + 1;
                            }
                            dy = dy + 1;
                        }
                        let alive = g[y][x] == 1;
                        if (alive && (live == 2 || live == 3)) || (!alive && live == 3) {
                            next[y][x] = 1;
                        }
                        x = x + 1;
                    }
                    y = y + 1;
                }
                return next;
            }

            fn population(g) {
                let total = 0;
                let y = 0;
                while y < len(g) {
                    let row = g[y];
                    let x = 0;
                    while x < len(row) {
                        total = total + row[x];
                        x = x + 1;
                    }
                    y = y + 1;
                }
                return total;
            }

            let grid = make_grid(size);
            # an R-pentomino and a glider
            grid[10][11] = 1; grid[10][12] = 1; grid[11][10] = 1; grid[11][11] = 1; grid[12][11] = 1;
            grid[2][3] = 1; grid[3][4] = 1; grid[4][2] = 1; grid[4][3] = 1; grid[4][4] = 1;
            let gen = 0;
            while gen < 12 {
                grid = step(grid);
                gen = gen + 1;
            }
            emit(population(grid));
            emit(grid[10]);
            """),
        (
            "calc",
            """
            # Training: a calculator. Builds arithmetic expressions as text, tokenizes
            # them byte by byte and evaluates them with two stacks (shunting-yard).
            let seed = 42;
            fn next_rand(limit) {
                seed = (seed * 1664525 + 1013904223) % 4294967296;
                return seed % limit;
            }

            fn make_expr(terms) {
                let ops = ["+", "-", "*"];
                let text = str(next_rand(100));
                let i = 1;
                while i < terms {
                    text = text + " " + ops[next_rand(3)] + " " + str(next_rand(100));
                    i = i + 1;
                }
                return text;
            }

            fn prec(op) {
                if op == "*" { return 2; }
                return 1;
            }

            fn apply(nums, op) {
                let b = pop(nums);
                let a = pop(nums);
                if op == "+" { push(nums, a + b); }
                else if op == "-" { push(nums, a - b); }
                else { push(nums, a * b); }
            }

            fn evaluate(text) {
                let nums = [];
                let ops = [];
                let i = 0;
                let n = len(text);
                while i < n {
                    let c = ord(text, i);
                    if c >= 48 && c <= 57 {
                        let v = 0;
                        while i < n && ord(text, i) >= 48 && ord(text, i) <= 57 {
                            v = v * 10 + (ord(text, i) - 48);
                            i = i + 1;
                        }
                        push(nums, v);
                    } else {
                        if c != 32 {
                            let op = chr(c);
                            while len(ops) > 0 && prec(ops[len(ops) - 1]) >= prec(op) {
                                apply(nums, pop(ops));
                            }
                            push(ops, op);
                        }
                        i = i + 1;
                    }
                }
                while len(ops) > 0 {
                    apply(nums, pop(ops));
                }
                return nums[0];
            }

            let results = map();
            let k = 0;
            let total = 0;
            while k < 400 {
                let e = make_expr(3 + k % 7);
                let v = evaluate(e);
                total = (total + v) % 1000000007;
                results[e] = v;
                k = k + 1;
            }
            emit(total);
            emit(len(results));
            """),
        (
            "words",
            """
            # Training: word frequencies. Generates text from a vocabulary, splits it,
            # counts words in a map and reports the most common ones.
            let vocab = split("the quick brown fox jumps over lazy dog and runs far away from home while birds sing", " ");
            let state = 7;
            let parts = [];
            let i = 0;
            while i < 4000 {
                state = (state * 75 + 74) % 65537;
                push(parts, vocab[state % len(vocab)]);
                i = i + 1;
            }
            let text = join(parts, " ");

            let counts = map();
            let words = split(text, " ");
            let w = 0;
            while w < len(words) {
                let word = words[w];
                if has(counts, word) {
                    counts[word] = counts[word] + 1;
                } else {
                    counts[word] = 1;
                }
                w = w + 1;
            }

            let best = "";
            let best_count = 0;
            let ks = keys(counts);
            let k = 0;
            while k < len(ks) {
                if counts[ks[k]] > best_count {
                    best = ks[k];
                    best_count = counts[ks[k]];
                }
                k = k + 1;
            }
            emit(best);
            emit(best_count);

            # longest word and total letters, by scanning bytes
            let letters = 0;
            let longest = "";
            k = 0;
            while k < len(ks) {
                let s = ks[k];
                let j = 0;
                while j < len(s) {
                    if ord(s, j) >= 97 && ord(s, j) <= 122 { letters = letters + 1; }
                    j = j + 1;
                }
                if len(s) > len(longest) { longest = s; }
                k = k + 1;
            }
            emit(letters);
            emit(longest);
            """),
        (
            "nbody",
            """
            # Training: a small n-body simulation with float vectors in arrays.
            let n = 5;
            let pos = [[0.0, 0.0, 0.0], [4.8, -1.1, -0.1], [8.3, 4.1, -0.4], [12.9, -15.1, -0.2], [15.4, -25.9, 0.2]];
            let vel = [[0.0, 0.0, 0.0], [0.6, 2.8, -0.02], [-1.0, 1.8, 0.008], [1.08, 0.87, -0.01], [0.98, 0.59, -0.03]];
            let mass = [39.47, 0.037, 0.011, 0.0017, 0.002];

            fn advance(dt) {
                let i = 0;
                while i < n {
                    let j = i + 1;
                    while j < n {
                        let dx = pos[i][0] - pos[j][0];
                        let dy = pos[i][1] - pos[j][1];
                        let dz = pos[i][2] - pos[j][2];
                        let d2 = dx * dx + dy * dy + dz * dz;
                        let mag = dt / (d2 * sqrt(d2));
                        let vi = vel[i];
                        let vj = vel[j];
                        vi[0] = vi[0] - dx * mass[j] * mag;
                        vi[1] = vi[1] - dy * mass[j] * mag;
                        vi[2] = vi[2] - dz * mass[j] * mag;
                        vj[0] = vj[0] + dx * mass[i] * mag;
                        vj[1] = vj[1] + dy * mass[i] * mag;
                        vj[2] = vj[2] + dz * mass[i] * mag;
                        j = j + 1;
                    }
                    i = i + 1;
                }
                i = 0;
                while i < n {
                    let p = pos[i];
                    let v = vel[i];
                    p[0] = p[0] + dt * v[0];
                    p[1] = p[1] + dt * v[1];
                    p[2] = p[2] + dt * v[2];
                    i = i + 1;
                }
            }

            fn energy() {
                let e = 0.0;
                let i = 0;
                while i < n {
                    let v = vel[i];
                    e = e + 0.5 * mass[i] * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
                    i = i + 1;
                }
                return e;
            }

            let e0 = energy();
            let s = 0;
            while s < 1000 {
                advance(0.01);
                s = s + 1;
            }
            emit(int(e0 * 1000000.0));
            emit(int(energy() * 1000000.0));
            """),
    ];

    /// <summary>Run by `bench`: what the PGO speedup is measured on.</summary>
    public static readonly (string Name, string Source)[] Bench =
    [
        (
            "primes",
            """
            # Benchmark: prime sieve and trial division.
            fn sieve(limit) {
                let composite = array(limit + 1, false);
                let count = 0;
                let p = 2;
                while p <= limit {
                    if !composite[p] {
                        count = count + 1;
                        let m = p * p;
                        while m <= limit {
                            composite[m] = true;
                            m = m + p;
                        }
                    }
                    p = p + 1;
                }
                return count;
            }

            fn is_prime(n) {
                if n < 2 { return false; }
                if n % 2 == 0 { return n == 2; }
                let d = 3;
                while d * d <= n {
                    if n % d == 0 { return false; }
                    d = d + 2;
                }
                return true;
            }

            emit(sieve(60000));

            # twin primes by trial division
            let twins = 0;
            let last = 0;
            let n = 3;
            while n < 12000 {
                if is_prime(n) && is_prime(n + 2) {
                    twins = twins + 1;
                    last = n;
                }
                n = n + 2;
            }
            emit(twins);
            emit(last);
            """),
        (
            "collatz",
            """
            # Benchmark: Collatz chain lengths with a memo table.
            let limit = 30000;
            let memo = array(limit, 0);
            memo[1] = 1;

            fn chain(start) {
                let n = start;
                let steps = 0;
                while n >= limit || memo[n] == 0 {
                    if n % 2 == 0 {
                        n = n / 2;
                    } else {
                        n = 3 * n + 1;
                    }
                    steps = steps + 1;
                }
                let total = steps + memo[n];
                if start < limit { memo[start] = total; }
                return total;
            }

            let best = 0;
            let best_start = 0;
            let i = 1;
            while i < limit {
                let c = chain(i);
                if c > best {
                    best = c;
                    best_start = i;
                }
                i = i + 1;
            }
            emit(best);
            emit(best_start);

            # raw chains without the memo for a second pass
            fn raw(n) {
                let steps = 0;
                while n != 1 {
                    if n % 2 == 0 { n = n / 2; } else { n = 3 * n + 1; }
                    steps = steps + 1;
                }
                return steps;
            }
            let total = 0;
            let j = 1;
            while j < 2500 {
                total = total + raw(j);
                j = j + 1;
            }
            emit(total);
            """),
        (
            "matrix",
            """
            # Benchmark: dense float matrix multiply on arrays of arrays.
            fn make(n, seed) {
                let m = [];
                let i = 0;
                while i < n {
                    let row = array(n, 0.0);
                    let j = 0;
                    while j < n {
                        row[j] = float((i * 31 + j * 17 + seed) % 97) / 10.0 - 4.5;
                        j = j + 1;
                    }
                    push(m, row);
                    i = i + 1;
                }
                return m;
            }

            fn multiply(a, b) {
                let n = len(a);
                let c = [];
                let i = 0;
                while i < n {
                    let row = array(n, 0.0);
                    let ai = a[i];
                    let k = 0;
                    while k < n {
                        let aik = ai[k];
                        let bk = b[k];
                        let j = 0;
                        while j < n {
                            row[j] = row[j] + aik * bk[j];
                            j = j + 1;
                        }
                        k = k + 1;
                    }
                    push(c, row);
                    i = i + 1;
                }
                return c;
            }

            fn trace(m) {
                let t = 0.0;
                let i = 0;
                while i < len(m) {
                    t = t + m[i][i];
                    i = i + 1;
                }
                return t;
            }

            let a = make(36, 1);
            let b = make(36, 2);
            let c = multiply(a, b);
            let d = multiply(c, a);
            emit(trace(c));
            emit(trace(d));
            emit(int(sqrt(abs(trace(d)))));
            """),
        (
            "parse",
            """
            # Benchmark: generate "key=value" records as text, then parse them by hand.
            fn is_digit(c) { return c >= 48 && c <= 57; }

            let names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];
            let records = [];
            let i = 0;
            while i < 2500 {
                push(records, "name=" + names[i % 8] + ";value=" + str((i * 7717) % 10000) + ";flag=" + str(i % 3 == 0));
                i = i + 1;
            }
            let text = join(records, "\n");

            # scan the text byte by byte
            let totals = map();
            let flags = 0;
            let pos = 0;
            let n = len(text);
            let key = "";
            while pos < n {
                let start = pos;
                while pos < n && ord(text, pos) != 61 { pos = pos + 1; }   # '='
                let field = substr(text, start, pos - start);
                pos = pos + 1;
                let vstart = pos;
                while pos < n && ord(text, pos) != 59 && ord(text, pos) != 10 { pos = pos + 1; }
                let raw = substr(text, vstart, pos - vstart);
                if field == "name" {
                    key = raw;
                } else if field == "value" {
                    let v = 0;
                    let k = 0;
                    while k < len(raw) && is_digit(ord(raw, k)) {
                        v = v * 10 + ord(raw, k) - 48;
                        k = k + 1;
                    }
                    if has(totals, key) { totals[key] = totals[key] + v; } else { totals[key] = v; }
                } else if raw == "true" {
                    flags = flags + 1;
                }
                pos = pos + 1;
            }
            emit(totals);
            emit(flags);
            emit(len(keys(totals)));
            """),
    ];
}
