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
    """a / b as DuckDB divides: always fractional, NULL when b is 0."""
    a, b = _numeric(a), _numeric(b)
    return (a.astype("Float64") / b.astype("Float64")).mask(b == 0)


def _is_integer(values):
    return pd.api.types.is_integer_dtype(values)


def sql_integer_divide(a, b):
    """a // b as DuckDB: whole numbers divide toward zero (Python floors); NULL when b is 0."""
    a, b = _numeric(a), _numeric(b)
    if not (_is_integer(a) and _is_integer(b)):
        return sql_divide(a, b)
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


def read_json(path, columns, lines):
    """A JSON array (or NDJSON) file, columns in the file's key order with their DuckDB types."""
    frame = pd.read_json(path, orient="records", lines=lines, dtype=False, convert_dates=False)
    frame = frame.reindex(columns=list(columns))
    return with_types(frame, columns)


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
