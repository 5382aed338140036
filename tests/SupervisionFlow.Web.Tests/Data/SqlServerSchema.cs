using System.Text;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>
/// Reads a parsed SQL Server script into the schema it would build, as sorted lines (one per column, constraint and
/// index, each the statement's own text with whitespace and case folded), so the migrations' script and the model's
/// compare with <c>Assert.Equal</c> the way <see cref="SchemaReader"/> compares two live databases. EF's history
/// table and the script's transaction/insert plumbing are left out; a statement it does not know fails loudly, so a
/// migration that alters tables teaches it the statement instead of passing unread.
/// </summary>
internal static class SqlServerSchema
{
    private const string HistoryTable = "__EFMigrationsHistory";

    public static List<string> Read(TSqlScript script)
    {
        var schema = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in script.Batches.SelectMany(b => b.Statements))
        {
            Apply(schema, statement);
        }
        var lines = schema.SelectMany(t => t.Value.Select(l => $"{t.Key}: {l}").Prepend($"table {t.Key}")).ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Apply(Dictionary<string, List<string>> schema, TSqlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement create when Name(create.SchemaObjectName) != HistoryTable:
                var table = schema[Name(create.SchemaObjectName)] = [];
                table.AddRange(create.Definition.ColumnDefinitions.Select(c => $"column {Text(c)}"));
                table.AddRange(create.Definition.TableConstraints.Select(c => $"constraint {Text(c)}"));
                table.AddRange(create.Definition.Indexes.Select(i => $"index {Text(i)}"));
                break;
            case CreateIndexStatement index:
                schema[Name(index.OnName)].Add($"index {Text(index)}");
                break;
            case AlterTableAddTableElementStatement add:
                var altered = schema[Name(add.SchemaObjectName)];
                altered.AddRange(add.Definition.ColumnDefinitions.Select(c => $"column {Text(c)}"));
                altered.AddRange(add.Definition.TableConstraints.Select(c => $"constraint {Text(c)}"));
                break;
            case DropIndexStatement dropIndex:
                foreach (var clause in dropIndex.DropIndexClauses.OfType<DropIndexClause>())
                {
                    var created = $" INDEX [{clause.Index.Value.ToUpperInvariant()}] ";
                    schema[Name(clause.Object)].RemoveAll(l => l.StartsWith("index ", StringComparison.Ordinal) && l.Contains(created, StringComparison.Ordinal));
                }
                break;
            case DropTableStatement drop:
                foreach (var name in drop.Objects)
                {
                    schema.Remove(Name(name));
                }
                break;
            case UpdateStatement:                    // data a migration fills in (ListPaging's business keys), not schema
            case CreateTableStatement:               // the history table
            case IfStatement:                        // IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL BEGIN … END
            case BeginTransactionStatement:
            case CommitTransactionStatement:
            case InsertStatement insert when insert.InsertSpecification.Target is NamedTableReference { SchemaObject: var target }
                                             && Name(target) == HistoryTable:
                break;
            default:
                throw new NotSupportedException(
                    $"SqlServerSchema does not know {statement.GetType().Name}: {Text(statement)} — teach it what this statement does to the schema.");
        }
    }

    private static string Name(SchemaObjectName name) => name.BaseIdentifier.Value;

    /// <summary>The fragment's own tokens, whitespace runs as one space, comments dropped, case folded.</summary>
    private static string Text(TSqlFragment fragment)
    {
        var text = new StringBuilder();
        for (var i = fragment.FirstTokenIndex; i <= fragment.LastTokenIndex; i++)
        {
            var token = fragment.ScriptTokenStream[i];
            if (token.TokenType is TSqlTokenType.SingleLineComment or TSqlTokenType.MultilineComment)
            {
                continue;
            }
            text.Append(token.TokenType == TSqlTokenType.WhiteSpace ? " " : token.Text);
        }
        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
    }
}
