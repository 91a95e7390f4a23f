/**
 * The generated script's helpers for text splitting and extraction, pivot, unpivot and window
 * functions, each with DuckDB's meaning (its docstring says which). Part of `PYTHON_RUNTIME`.
 */
export const PYTHON_RUNTIME_RESHAPE = String.raw`
# ---- Helpers: splitting, extracting, reshaping and windows as DuckDB ---------------------------

def split_part(values, delimiter, index):
    """string_split(CAST(column AS VARCHAR), delimiter)[index]: the delimiter is plain text (not a pattern), parts
    count from 1, and a part past the last is NULL."""
    def one(text):
        parts = text.split(delimiter)
        return parts[index - 1] if index <= len(parts) else pd.NA
    return as_text(values).map(one, na_action="ignore").astype("string")


def regexp_extract(values, pattern, group):
    """nullif(regexp_extract(CAST(column AS VARCHAR), pattern, group), ''): the group of the first match (the pattern
    is RE2's, written in Python's dialect); NULL when nothing matches, the group took no part or matched ''."""
    compiled = re.compile(pattern)
    def one(text):
        found = compiled.search(text) if group <= compiled.groups else None
        return (found.group(group) or pd.NA) if found else pd.NA
    return as_text(values).map(one, na_action="ignore").astype("string")


def regexp_matches(values, pattern, ignore_case=False):
    """regexp_matches(CAST(column AS VARCHAR), pattern[, 'i']): whether the pattern (RE2's, written in Python's
    dialect) matches anywhere in the text; NULL for NULL."""
    compiled = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    return as_text(values).map(lambda text: compiled.search(text) is not None, na_action="ignore").astype("boolean")


def _key(values):
    """A column's values as plain Python values, NULL as None: keys where NULL equals NULL (GROUP BY, PARTITION BY)."""
    return [None if pd.isna(v) else v for v in values.astype(object)]


def pivot_rows(df, by, on, value, values, names, fn, when_empty):
    """PIVOT … ON on IN (values) USING fn(value) GROUP BY by: one row per group (every group, even one without a
    listed value; NULL keys form one group; groups in key order, NULL last), one column per listed value (matched
    as text) holding fn over the group's rows with that value, or when_empty when there are none."""
    labels = as_text(df[on])
    keys = list(zip(*(_key(df[c]) for c in by))) if by else [()] * len(df)
    groups = {} if by else {(): []}  # without GROUP BY there is one row, even over no rows
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    order = sorted(groups, key=lambda k: [(v is None, v) for v in k])
    rows = []
    for key in order:
        rows_of_group = df.iloc[groups[key]]
        labels_of_group = labels.iloc[groups[key]]
        cells = []
        for wanted in values:
            matching = rows_of_group[known(labels_of_group == wanted).to_numpy()]
            cells.append(fn(matching) if len(matching) else when_empty)
        rows.append(cells)
    frame = df[by].iloc[[groups[key][0] for key in order]].reset_index(drop=True) if by else pd.DataFrame(index=range(1))
    for name, cells in zip(names, zip(*rows) if rows else [()] * len(names)):
        frame[name] = pd.Series(cells, dtype=object)
    return frame


def unpivot_rows(df, columns, name_column, value_column):
    """UNPIVOT … ON columns INTO NAME name_column VALUE value_column: the other columns, then one row per input row
    and listed column (rows in input order, columns in the listed order), rows whose value is NULL left out."""
    rest = [c for c in df.columns if c not in columns]
    parts = []
    for rank, column in enumerate(columns):
        part = df[rest].reset_index(drop=True)
        part[name_column] = column
        part[value_column] = df[column].reset_index(drop=True)
        part["__row"], part["__rank"] = range(len(df)), rank
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True).sort_values(["__row", "__rank"], kind="stable")
    frame = frame[frame[value_column].notna()].drop(columns=["__row", "__rank"]).reset_index(drop=True)
    frame[name_column] = frame[name_column].astype("string")
    return frame


def window_values(df, fn, partition_by, order_by, column=None, offset=1):
    """fn() OVER (PARTITION BY partition_by ORDER BY order_by) as DuckDB: order keys as (column, ascending), NULL
    last either way; rows with equal keys are peers (rank, dense_rank); running_sum is sum(column) over the rows up
    to this one (ROWS frame), NULL until a value is seen; lag/lead take column offset rows before/after, else NULL.
    The values come back in df's row order."""
    frame = df.reset_index(drop=True)
    ordered = sort_rows(frame, [(c, ascending, False) for c, ascending in order_by]) if order_by else frame
    partition = list(zip(*(_key(ordered[c]) for c in partition_by))) if partition_by else [()] * len(ordered)
    ids = {}
    group = pd.Series([ids.setdefault(k, len(ids)) for k in partition], index=ordered.index, dtype="int64")
    ordered = ordered.loc[group.sort_values(kind="stable").index]
    group = group.loc[ordered.index]
    if fn in ("lag", "lead"):
        result = ordered[column].groupby(group.to_numpy()).shift(offset if fn == "lag" else -offset)
        return result.sort_index().set_axis(df.index)
    sort_keys = list(zip(*(_key(ordered[c]) for c, _ in order_by))) if order_by else [()] * len(ordered)
    inputs = _key(ordered[column]) if column is not None else [None] * len(ordered)
    if column is not None and pd.api.types.is_integer_dtype(ordered[column]):
        inputs = [None if v is None else int(v) for v in inputs]
    results, previous_group, previous_key = [], None, None
    for g, key, value in zip(group, sort_keys, inputs):
        if g != previous_group:
            number, rank, dense, total = 0, 0, 0, None
        number += 1
        if g != previous_group or key != previous_key:
            rank, dense = number, dense + 1
        if value is not None:
            total = value if total is None else total + value
        results.append({"row_number": number, "rank": rank, "dense_rank": dense, "running_sum": total}[fn])
        previous_group, previous_key = g, key
    result = pd.Series([pd.NA if v is None else v for v in results], index=ordered.index, dtype=object)
    return result.sort_index().set_axis(df.index)
`;
