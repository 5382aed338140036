using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>
/// What SQL Server refuses only when the CREATE runs, found in the relational model instead: more than one cascading
/// path between two tables (error 1785, "may cause cycles or multiple cascade paths") and index keys longer than
/// 900 bytes (clustered) or 1,700 bytes (nonclustered), or on a column type that cannot be a key at all.
/// </summary>
internal static partial class SqlServerLimits
{
    public const int ClusteredKeyBytes = 900;

    public const int NonclusteredKeyBytes = 1700;

    /// <summary>Every pair of tables joined by two cascading paths, or a table that cascades back to itself.</summary>
    public static List<string> CascadeConflicts(IRelationalModel model)
    {
        // ON DELETE SET NULL is a cascading action too for SQL Server's rule; NO ACTION/RESTRICT are not.
        var edges = model.Tables
            .SelectMany(t => t.ForeignKeyConstraints)
            .Where(fk => fk.OnDeleteAction is ReferentialAction.Cascade or ReferentialAction.SetNull)
            .Select(fk => (From: fk.PrincipalTable.Name, To: fk.Table.Name, fk.Name))
            .ToList();
        var conflicts = new List<string>();
        foreach (var start in model.Tables.Select(t => t.Name))
        {
            var paths = new Dictionary<string, List<string>>();
            Walk(start, start, [], edges, paths, conflicts);
            conflicts.AddRange(paths.Where(p => p.Value.Count > 1)
                .Select(p => $"{start} -> {p.Key} by {p.Value.Count} cascade paths: {string.Join(" | ", p.Value)}"));
        }
        return conflicts;
    }

    private static void Walk(string start, string at, List<string> via, List<(string From, string To, string Name)> edges,
        Dictionary<string, List<string>> paths, List<string> conflicts)
    {
        foreach (var edge in edges.Where(e => e.From == at))
        {
            var path = via.Append(edge.Name).ToList();
            if (edge.To == start || via.Count > edges.Count)
            {
                conflicts.Add($"{start} cascades back to itself: {string.Join(" -> ", path)}");
                continue;
            }
            if (!paths.TryGetValue(edge.To, out var found))
            {
                paths[edge.To] = found = [];
            }
            found.Add(string.Join(" -> ", path));
            Walk(start, edge.To, path, edges, paths, conflicts);
        }
    }

    /// <summary>Every primary key, unique constraint and index whose key SQL Server would refuse or cap.</summary>
    public static List<string> OversizedKeys(IRelationalModel model)
    {
        var problems = new List<string>();
        foreach (var table in model.Tables)
        {
            var primaryKeyClustered = table.PrimaryKey?.MappedKeys.First().IsClustered() ?? true;
            if (table.PrimaryKey is { } primaryKey)
            {
                Check(problems, table.Name, primaryKey.Name, primaryKey.Columns, primaryKeyClustered);
            }
            foreach (var unique in table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()))
            {
                Check(problems, table.Name, unique.Name, unique.Columns, clustered: false);
            }
            foreach (var index in table.Indexes)
            {
                Check(problems, table.Name, index.Name, index.Columns, index.MappedIndexes.First().IsClustered() ?? false);
            }
        }
        return problems;
    }

    private static void Check(List<string> problems, string table, string name, IEnumerable<IColumn> columns, bool clustered)
    {
        var limit = clustered ? ClusteredKeyBytes : NonclusteredKeyBytes;
        var total = 0;
        foreach (var column in columns)
        {
            var bytes = KeyBytes(column.StoreType);
            if (bytes is null)
            {
                problems.Add($"{table}.{name}: {column.Name} {column.StoreType} cannot be an index key column");
                return;
            }
            total += bytes.Value;
        }
        if (total > limit)
        {
            problems.Add($"{table}.{name}: key of {total} bytes over the {limit}-byte limit of a {(clustered ? "clustered" : "nonclustered")} index");
        }
    }

    /// <summary>The most bytes a value of the SQL Server type takes in an index key; null when it cannot be a key.</summary>
    public static int? KeyBytes(string storeType)
    {
        var match = TypePattern().Match(storeType.ToLowerInvariant());
        if (!match.Success)
        {
            throw new NotSupportedException($"unknown SQL Server type '{storeType}': add its key size to SqlServerLimits");
        }
        var name = match.Groups["name"].Value;
        var argument = match.Groups["n"].Value;
        if (argument == "max")
        {
            return null;
        }
        int Length(int byDefault) => argument.Length == 0 ? byDefault : int.Parse(argument, CultureInfo.InvariantCulture);
        return name switch
        {
            "nvarchar" or "nchar" => 2 * Length(1),
            "varchar" or "char" or "varbinary" or "binary" => Length(1),
            "bit" or "tinyint" => 1,
            "smallint" => 2,
            "int" or "real" or "smalldatetime" => 4,
            "bigint" or "float" or "datetime" or "datetime2" or "money" => 8,
            "date" => 3,
            "time" => 5,
            "datetimeoffset" => 10,
            "uniqueidentifier" => 16,
            "decimal" or "numeric" => 17,
            "rowversion" or "timestamp" => 8,
            "text" or "ntext" or "image" or "xml" or "geography" or "geometry" or "sql_variant" or "json" or "vector" => null,
            _ => throw new NotSupportedException($"unknown SQL Server type '{storeType}': add its key size to SqlServerLimits"),
        };
    }

    [GeneratedRegex(@"^(?<name>[a-z_0-9]+)(\((?<n>max|\d+)(,\s*\d+)?\))?$")]
    private static partial Regex TypePattern();
}
