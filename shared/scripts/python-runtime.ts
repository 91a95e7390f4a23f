import { PYTHON_RUNTIME_CASTS } from './python-runtime-casts.ts';
import { PYTHON_RUNTIME_RESHAPE } from './python-runtime-reshape.ts';

/** The general helpers: types, NULL logic, arithmetic, text, sorting, grouping, joins, reading and writing. */
const CORE = String.raw`
# ---- Helpers: DuckDB's meaning in pandas -------------------------------------------------------

PANDAS_TYPES = {
    "TINYINT": "Int64", "SMALLINT": "Int64", "INTEGER": "Int64", "BIGINT": "Int64",
    "UTINYINT": "Int64", "USMALLINT": "Int64", "UINTEGER": "Int64", "UBIGINT": "UInt64",
    "HUGEINT": "Int64",  # exact: a value beyond BIGINT stops the script (OverflowError) rather than wrap
    "FLOAT": "Float64", "DOUBLE": "Float64", "VARCHAR": "string", "BOOLEAN": "boolean",
}


def as_type(values, sql_type, date_format=None):
    """A column converted to the pandas type for a DuckDB type (DECIMAL as Float64, DATE and TIMESTAMP as datetime64)."""
    base = sql_type.split("(")[0].strip().upper()
    if base in ("DATE", "TIMESTAMP"):
        if pd.api.types.is_datetime64_any_dtype(values):
            parsed = values
        elif values.dtype == object and not values.map(lambda v: isinstance(v, str)).any():
            parsed = pd.to_datetime(values.where(values.notna(), pd.NaT))
        else:
            parsed = pd.to_datetime(values.astype("string"), format=date_format or ("%Y-%m-%d" if base == "DATE" else "%Y-%m-%d %H:%M:%S"))
        return parsed.dt.normalize() if base == "DATE" else parsed
    if base == "DECIMAL":
        base = "DOUBLE"
    target = PANDAS_TYPES.get(base)
    if target is None:
        raise TypeError(f"the pandas script cannot hold DuckDB type {sql_type}")
    if target == "boolean" and not pd.api.types.is_bool_dtype(values):
        values = values.astype("string").str.lower().map({"true": True, "false": False, "t": True, "f": False, "1": True, "0": False})
    elif target != "string" and (values.dtype == object or pd.api.types.is_string_dtype(values)):
        missing = values.isna().to_numpy()
        if target == "Float64":
            return keep_nan(values.astype(object).map(float, na_action="ignore"), missing)
        values = pd.to_numeric(values.astype(object), errors="raise")
    return values.astype(target)


def with_types(df, types):
    """Every column converted to its DuckDB type's pandas type (types: name -> DuckDB type)."""
    for name, sql_type in types.items():
        df[name] = as_type(df[name], sql_type)
    return df


def constant(value, df):
    """A value for every row of df (a literal used where a column is expected)."""
    if value is pd.NA or value is None:
        return pd.Series(pd.NA, index=df.index, dtype=object)
    kind = "boolean" if isinstance(value, bool) else "Int64" if isinstance(value, int) else "Float64" if isinstance(value, float) else "string"
    return pd.Series([value] * len(df), index=df.index, dtype=kind)


def known(mask):
    """SQL's WHERE: a row is kept only when the condition is true (not false, not NULL)."""
    return mask.astype("boolean").fillna(False).astype(bool)


def as_text(values):
    """A column as text, as DuckDB casts it to VARCHAR."""
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "true", False: "false"}).astype("string")
    return values.astype("string")


def _numeric(values):
    return values.astype("Float64") if values.dtype == object else values


def sql_divide(a, b):
    """a / b as DuckDB divides: always a double; by 0 as IEEE 754 (inf, -inf, NaN for 0 / 0); NULL only when a side is NULL."""
    a, b = _numeric(a).astype("Float64"), _numeric(b).astype("Float64")
    missing = (a.isna() | b.isna()).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        quotient = a.to_numpy(dtype="float64", na_value=np.nan) / b.to_numpy(dtype="float64", na_value=np.nan)
    return pd.Series(pd.arrays.FloatingArray(np.where(missing, 0.0, quotient), missing), index=a.index)


def _is_integer(values):
    return pd.api.types.is_integer_dtype(values)


def sql_integer_divide(a, b):
    """a // b as DuckDB: whole numbers divide toward zero (Python floors); NULL when b is 0."""
    a, b = _numeric(a), _numeric(b)
    if not (_is_integer(a) and _is_integer(b)):
        return sql_divide(a, b).mask((b == 0).fillna(False).to_numpy(dtype=bool))  # a fraction, but NULL (not inf) by 0
    b = b.mask(b == 0)
    quotient = (a.abs() // b.abs()) * (a.map(np.sign, na_action="ignore") * b.map(np.sign, na_action="ignore")).astype("Int64")
    return quotient.astype("Int64")


def sql_modulo(a, b):
    """a % b as DuckDB: the sign of a (Python: the sign of b); NULL when b is 0."""
    a, b = _numeric(a), _numeric(b)
    b = b.mask(b == 0)
    remainder = a.abs() % b.abs()
    return remainder * a.map(np.sign, na_action="ignore").astype(remainder.dtype)


def sql_round(values, digits=0):
    """round() as DuckDB: half away from zero (Python and numpy round half to even)."""
    if _is_integer(values) and digits >= 0:
        return values
    numbers = values.astype("Float64")
    scale = 10.0 ** abs(digits)
    scaled = numbers * scale if digits >= 0 else numbers / scale
    magnitude = scaled.abs()
    whole = np.floor(magnitude)
    rounded = (whole + (magnitude - whole >= 0.5).astype("Float64")) * np.sign(scaled)
    return rounded / scale if digits >= 0 else rounded * scale


def sql_concat(a, b):
    """a || b: text joined; NULL when either is NULL."""
    return as_text(a) + as_text(b)


def sql_coalesce(first, *rest):
    """coalesce(): the first value that is not NULL."""
    result = first
    for value in rest:
        result = result.fillna(value)
    return result


def sql_case(df, branches, otherwise):
    """CASE WHEN …: the value of the first branch whose condition is true (NULL counts as false)."""
    result = pd.Series(otherwise, index=df.index, dtype=object)
    decided = pd.Series(False, index=df.index)
    for condition, value in branches:
        hit = known(condition) & ~decided
        result = result.mask(hit, value)
        decided = decided | hit
    return result.convert_dtypes()


def sql_substr(values, start, length=None):
    """substr() as DuckDB: 1-based; 0 is before the first character; a negative start counts from the end."""
    def one(text):
        if text is pd.NA:
            return pd.NA
        first = start if start > 0 else (len(text) + start + 1 if start < 0 else 0)
        last = len(text) + 1 if length is None else first + length
        return text[max(first, 1) - 1:max(last - 1, 0)]
    return as_text(values).map(one, na_action="ignore").astype("string")


def date_part(values, part):
    """date_part() as DuckDB (dayofweek: Sunday is 0; week: the ISO week)."""
    dates = values.dt
    parts = {
        "year": lambda: dates.year, "quarter": lambda: dates.quarter, "month": lambda: dates.month,
        "day": lambda: dates.day, "hour": lambda: dates.hour, "minute": lambda: dates.minute,
        "second": lambda: dates.second, "dayofweek": lambda: (dates.dayofweek + 1) % 7,
        "week": lambda: dates.isocalendar().week,
    }
    return parts[part]().astype("Int64")


def sort_rows(df, keys):
    """ORDER BY: keys as (column, ascending, nulls_first), the first key deciding first."""
    for column, ascending, nulls_first in reversed(keys):
        df = df.sort_values(column, ascending=ascending, na_position="first" if nulls_first else "last", kind="stable")
    return df


def aggregate(df, by, outputs):
    """GROUP BY (NULL keys form one group; groups in key order, NULL last), one row per group."""
    if not by:
        return pd.DataFrame([{name: fn(df) for name, fn in outputs.items()}], columns=list(outputs))
    rows = []
    for key, group in df.groupby(by, dropna=False, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), **{name: fn(group) for name, fn in outputs.items()}})
    return pd.DataFrame(rows, columns=[*by, *outputs])


def string_agg(values, separator):
    """string_agg(): the values that are not NULL, as text, joined; NULL when there are none."""
    present = as_text(values).dropna()
    return separator.join(present) if len(present) else pd.NA


def total(values):
    """sum(): NULL when there is no value (pandas gives 0); whole numbers summed exactly (DuckDB sums them as HUGEINT)."""
    if pd.api.types.is_integer_dtype(values):
        present = [int(v) for v in values.dropna()]
        return sum(present) if present else pd.NA
    return values.sum(min_count=1)


def join_rows(left, right, how, left_on, right_on, drop_right):
    """JOIN … ON keys IS NOT DISTINCT FROM keys (NULL keys match each other, as in pandas)."""
    original = list(right.columns)
    right = right.rename(columns={c: f"right {i}" for i, c in enumerate(original)})
    keys = [f"right {original.index(c)}" for c in right_on]
    if how in ("semi", "anti"):
        matches = left.merge(right[keys].drop_duplicates(), how="left", left_on=left_on, right_on=keys, indicator=True)["_merge"].eq("both").to_numpy()
        return left[matches if how == "semi" else ~matches]
    joined = left.merge(right, how=how, left_on=left_on, right_on=keys, sort=False)
    return joined.drop(columns=[f"right {original.index(c)}" for c in drop_right])


def keep_one_per_key(df, key, keep, order_by=None):
    """Remove duplicates: one row per key (all columns when none), the first or last by order_by, else by position."""
    ordered = df if keep == "first" else df.iloc[::-1]
    if order_by is not None:
        ordered = ordered.sort_values(order_by, ascending=keep == "first", na_position="last", kind="stable")
    kept = ordered.drop_duplicates(subset=key or None, keep="first")
    return df.loc[df.index.isin(kept.index)]


def read_csv(path, columns, delimiter=",", header=True, quote='"', escape='"', skip=0, null_values=("",), date_format=None, timestamp_format=None, encoding="utf-8"):
    """A CSV file read as Sluice reads it: every column with its DuckDB type (text stays text: leading zeros kept)."""
    frame = pd.read_csv(
        path, sep=delimiter, header=0 if header else None, names=list(columns), skiprows=skip,
        quotechar=quote or '"', quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE,
        escapechar=None if escape in ("", quote) else escape, dtype=str,
        keep_default_na=False, na_values=list(null_values), encoding=encoding, engine="python" if len(delimiter) > 1 else "c",
    )
    for name, sql_type in columns.items():
        base = sql_type.split("(")[0].upper()
        frame[name] = as_type(frame[name], sql_type, date_format if base == "DATE" else timestamp_format if base == "TIMESTAMP" else None)
    return frame


def read_json(path, columns, lines, json_text=()):
    """A JSON array (or NDJSON) file, columns in the file's key order with their DuckDB types; the json_text
    columns (values of different kinds: DuckDB's JSON) hold each value's JSON text, as Sluice holds them."""
    # Python's json module, not pandas' parser: doubles correctly rounded (as DuckDB reads them), whole numbers of any size.
    with open(path, encoding="utf-8") as source:
        rows = [json.loads(line) for line in source if line.strip()] if lines else json.load(source)
    frame = pd.DataFrame.from_records(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))
    for name in json_text:
        frame[name] = pd.Series([None if row.get(name) is None else _json_text(row[name]) for row in rows], index=frame.index, dtype="string")
    return with_types(frame, columns)


def _double_text(x):
    """A double as yyjson writes it: the shortest digits, laid out as JavaScript's Number#toString (whole ones with .0)."""
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign, digits, exponent = decimal.Decimal(repr(x)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    k, n = len(digits), exponent + len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k) + ".0"
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        text = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("-" if n - 1 < 0 else "") + str(abs(n - 1))
    return ("-" if sign else "") + text


def _json_text(value):
    """A JSON value as DuckDB's read_json writes it (yyjson): minified, doubles with .0, exponents without +."""
    if isinstance(value, float):
        return _double_text(value)
    if isinstance(value, list):
        return "[" + ",".join("null" if v is None else _json_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + ("null" if v is None else _json_text(v)) for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def write_rows(df, path, file_format, types):
    """Write rows as Sluice writes them: dates as ISO text (fractions of a second as DuckDB writes them), booleans as true/false, NULL as empty."""
    out = df.copy()
    for name, sql_type in types.items():
        base = sql_type.split("(")[0].upper()
        if base == "DATE":
            out[name] = out[name].dt.strftime("%Y-%m-%d").astype("string")
        elif base == "TIMESTAMP":
            out[name] = pd.Series([pd.NA if pd.isna(stamp) else _timestamp_text(stamp, "TIMESTAMP") for stamp in out[name]], index=out.index, dtype="string")
        elif base == "BOOLEAN" and file_format == "csv":
            out[name] = as_text(out[name])
    target = sys.stdout if path == "-" else path
    if file_format == "csv":
        out.to_csv(target, index=False, lineterminator="\n")
    elif file_format in ("json", "ndjson"):
        out.to_json(target, orient="records", lines=file_format == "ndjson", force_ascii=False)
    else:
        out.to_parquet(target, index=False)


# ---- Helpers: checks, with the CLI's meaning (docs/checks.md) ------------------------------------


def keep_nan(values, missing):
    """A Float64 column where NaN stays a value (DuckDB's NaN) and only the missing cells are NULL."""
    missing = np.asarray(missing, dtype=bool)
    numbers = pd.Series(values, dtype=object).mask(missing, np.nan).astype("float64").to_numpy()
    return pd.Series(pd.arrays.FloatingArray(numbers, missing), index=getattr(values, "index", None))


def is_nan(values):
    """NaN (not NULL) in a FLOAT or DOUBLE column."""
    numbers = values.astype("Float64").to_numpy(dtype="float64", na_value=0.0)
    return pd.Series(np.isnan(numbers), index=values.index)


def check_text(values, sql_type):
    """A column as DuckDB casts it to VARCHAR: DOUBLE as Python's repr (nan, inf), FLOAT as float32's, DECIMAL with its scale."""
    base = sql_type.split("(")[0].strip().upper()
    if base == "DATE":
        return values.dt.strftime("%Y-%m-%d").astype("string")
    if base == "TIMESTAMP":
        def one(moment):
            text = moment.strftime("%Y-%m-%d %H:%M:%S")
            return f"{text}.{moment.microsecond:06d}".rstrip("0") if moment.microsecond else text
        return values.map(one, na_action="ignore").astype("string")
    if base == "BOOLEAN":
        return values.map({True: "true", False: "false"}).astype("string")
    if base in ("DOUBLE", "FLOAT"):
        numbers = values.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        texts = [repr(float(n)) if base == "DOUBLE" or not np.isfinite(n) else str(np.float32(n)) for n in numbers]
        return pd.Series(texts, index=values.index, dtype="string").mask(values.isna().to_numpy())
    if base == "DECIMAL":
        scale = int(sql_type.split(",")[1].rstrip(") ")) if "," in sql_type else 3
        return values.map(lambda v: f"{float(v):.{scale}f}", na_action="ignore").astype("string")
    return values.astype("string")


_NUMBER_TEXT = re.compile(r"[ \t\n\r\f\v]*[+-]?[0-9._eE]+[ \t\n\r\f\v]*", re.ASCII)


def castable_number(text):
    """TRY_CAST(text AS DOUBLE) is a finite number (DuckDB: spaces around, 1e3, +5, 1_000 pass; nan, inf fail)."""
    if not _NUMBER_TEXT.fullmatch(text):
        return False
    try:
        return np.isfinite(float(text))
    except ValueError:
        return False


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def castable_format(text, pattern, fields):
    """try_strptime(text, format) is not NULL, the format as a regular expression of its fields (Y, m, d, H, M, S)."""
    found = pattern.fullmatch(text)
    if not found:
        return False
    value = {"Y": 1900, "m": 1, "d": 1, "H": 0, "M": 0, "S": 0}
    value.update({field: int(found.group(i + 1)) for i, field in enumerate(fields)})
    leap = value["Y"] % 4 == 0 and (value["Y"] % 100 != 0 or value["Y"] % 400 == 0)
    if not 1 <= value["m"] <= 12 or value["H"] > 23 or value["M"] > 59 or value["S"] > 59:
        return False
    return 1 <= value["d"] <= (29 if value["m"] == 2 and leap else _DAYS[value["m"] - 1])


def fails_expression(result):
    """NOT coalesce(CAST(expression AS BOOLEAN), true): a NULL result passes, as SQL CHECK constraints."""
    return ~result.astype("boolean").fillna(True).astype(bool)


def missing_keys(df, columns, other, other_columns):
    """Rows whose key (no part NULL) has no equal key in other (a relationship)."""
    names = [f"key {i}" for i in range(len(columns))]
    left = df[columns].set_axis(names, axis=1)
    right = other[other_columns].set_axis(names, axis=1).dropna().drop_duplicates()
    found = left.merge(right, how="left", on=names, indicator=True)["_merge"].eq("both").to_numpy()
    present = left.notna().all(axis=1).to_numpy()
    return pd.Series(present & ~found, index=df.index)


_TYPE_ALIASES = {
    "INT": "INTEGER", "INT4": "INTEGER", "SIGNED": "INTEGER", "INT8": "BIGINT", "LONG": "BIGINT", "INT2": "SMALLINT",
    "SHORT": "SMALLINT", "INT1": "TINYINT", "FLOAT4": "FLOAT", "REAL": "FLOAT", "FLOAT8": "DOUBLE", "STRING": "VARCHAR",
    "TEXT": "VARCHAR", "CHAR": "VARCHAR", "BPCHAR": "VARCHAR", "BOOL": "BOOLEAN", "LOGICAL": "BOOLEAN", "DATETIME": "TIMESTAMP",
    "TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE", "NUMERIC": "DECIMAL", "BYTEA": "BLOB", "BINARY": "BLOB", "VARBINARY": "BLOB",
}


def normalize_type(sql_type):
    """A type name in one canonical spelling (INT = INTEGER, TEXT = VARCHAR, DECIMAL = DECIMAL(18,3), …)."""
    text = re.sub(r"\s*([(),])\s*", r"\1", re.sub(r"\s+", " ", sql_type.strip().upper()))
    found = re.fullmatch(r"([A-Z][A-Z0-9_]*(?: [A-Z]+)*)(\(.*\))?((?:\[\])*)", text)
    if not found:
        return text
    base = _TYPE_ALIASES.get(found.group(1), found.group(1))
    params = found.group(2) or ""
    if base == "VARCHAR":
        params = ""
    if base == "DECIMAL" and params == "":
        params = "(18,3)"
    return f"{base}{params}{found.group(3) or ''}"


def schema_differences(expected, columns, types, exact):
    """(differences, columns compared) of an expected schema against a frame's columns and DuckDB types."""
    differences = []
    for name, sql_type in expected:
        if name not in columns:
            differences.append(f'Column "{name}" is missing.')
        elif sql_type is not None and normalize_type(sql_type) != normalize_type(types[name]):
            differences.append(f'Column "{name}" is {types[name]}, not {sql_type}.')
    unexpected = [c for c in columns if c not in {name for name, _ in expected}] if exact else []
    differences += [f'Column "{c}" ({types[c]}) is not expected.' for c in unexpected]
    return differences, len(expected) + len(unexpected)


def check_status(failing, total, threshold, beyond):
    """verdict.ts: passed when failing is within the threshold (None: no failing row; ("count", n); ("fraction", f)), else beyond."""
    if threshold is None:
        within = failing == 0
    elif threshold[0] == "count":
        within = failing <= threshold[1]
    else:
        within = (failing / total if total > 0 else 0) <= threshold[1]
    return "passed" if within else beyond


def percent(fraction):
    """8.7%, 0.25%, 5%: never 0% or 100% unless exactly so (describe-rule.ts)."""
    if fraction <= 0:
        return "0%"
    if fraction >= 1:
        return "100%"
    if fraction < 0.0001:
        return "<0.01%"
    if fraction > 0.999:
        return ">99.9%"
    p = fraction * 100
    return f"{float(f'{p:.{2 if p < 1 else 1}f}'):g}%"


def log_check(result):
    """One line per rule, as the CLI logs it: FAIL range(x, 0..10): 2 rows (33.3%)."""
    word = {"passed": "PASS", "failed": "FAIL", "warning": "WARN"}[result["status"]]
    level = {"passed": logging.INFO, "failed": logging.ERROR, "warning": logging.WARNING}[result["status"]]
    if result["kind"] == "row_count":
        detail = f"{result['observed']:,} row{'' if result['observed'] == 1 else 's'}"
    elif result["kind"] == "schema":
        detail = "as expected" if result["failing"] == 0 else f"{result['failing']:,} difference{'' if result['failing'] == 1 else 's'}"
    else:
        fraction = result["failing"] / result["total"] if result["total"] > 0 else 0
        detail = f"{result['failing']:,} row{'' if result['failing'] == 1 else 's'} ({percent(fraction)})"
    logging.log(level, "%s %s: %s", word, result["label"], detail)


def quarantine_path(path):
    """out/ca.csv -> out/ca.quarantine.csv, beside the output (as sluice run names it)."""
    stem, ext = os.path.splitext(path)
    return f"{stem}.quarantine{ext}"


def split_quarantine(df, broken, column):
    """(passing rows, failing rows with column): the ids of the rules each row broke, in document order, joined by ", "."""
    masks = [(rule_id, np.asarray(mask, dtype=bool)) for rule_id, mask in broken]
    labels = np.array([", ".join(rule_id for rule_id, mask in masks if mask[i]) for i in range(len(df))], dtype=object)
    keep = labels == ""
    rejected = df[~keep].copy()
    rejected[column] = pd.array(labels[~keep], dtype="string")
    return df[keep], rejected


def quarantine_format(path, default):
    """The format of --quarantine PATH: from its extension, else the output's."""
    return {".csv": "csv", ".tsv": "csv", ".parquet": "parquet", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson"}.get(os.path.splitext(path)[1].lower(), default)
`;

/**
 * The helpers every generated pandas script carries: where pandas and DuckDB differ (NULL, rounding,
 * integer division, text functions, types), a small function does what DuckDB does. They work with
 * pandas 1.5 and 2.x and use nullable types throughout (Int64, Float64, string, boolean), so NULL stays
 * NULL. Kept as plain Python, readable in the generated file; the step-specific ones are in
 * `python-runtime-casts.ts` and `python-runtime-reshape.ts`.
 */
export const PYTHON_RUNTIME = [CORE, PYTHON_RUNTIME_CASTS, PYTHON_RUNTIME_RESHAPE].map((part) => part.trim()).join('\n\n\n');

/** The names the runtime defines (functions, classes and constants): step functions must not take them. */
export const PYTHON_RUNTIME_NAMES: readonly string[] = [...PYTHON_RUNTIME.matchAll(/^(?:def|class) (\w+)|^([A-Z_]+) =/gm)].map((m) => m[1] ?? m[2]!);
