using System.Globalization;
using System.Linq.Expressions;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>
/// Keyset paging over a sort of three keys: a main key (a date or a number), a creation time and a text id that
/// makes every position unique. A page continues after (or before) the position of a row by a WHERE the database
/// answers from an index, so a deep page costs what the first does — OFFSET would read and drop every row before it.
/// </summary>
public static class Keyset
{
    /// <summary>Rows strictly after <paramref name="at"/> in the sort (strictly before when <paramref name="backwards"/>).</summary>
    public static Expression<Func<TRow, bool>> Beyond<TRow, TKey>(
        Expression<Func<TRow, TKey>> key, Expression<Func<TRow, DateTime>> created, Expression<Func<TRow, string>> id,
        bool descending, bool backwards, KeysetPosition<TKey> at)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(id);
        var row = key.Parameters[0];
        var k = key.Body;
        var c = Rebind(created, row);
        var i = Rebind(id, row);
        var later = descending != backwards;
        Expression Past(Expression left, Expression right) => later ? Expression.LessThan(left, right) : Expression.GreaterThan(left, right);
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        // The position's values are read as properties of the position object, not written in as constants: EF Core
        // turns such a read into a SQL parameter, so every page of a list is one statement shape (one entry in EF's
        // query cache, one prepared plan) rather than new SQL per position.
        var position = Expression.Constant(at);
        var atId = Expression.Property(position, nameof(KeysetPosition<TKey>.Id));
        var atCreated = Expression.Property(position, nameof(KeysetPosition<TKey>.Created));
        var idPast = Past(Expression.Call(compare, i, atId), Expression.Constant(0));
        var createdPast = Expression.OrElse(
            Past(c, atCreated),
            Expression.AndAlso(Expression.Equal(c, atCreated), idPast));
        var keyValue = Expression.Property(position, nameof(KeysetPosition<TKey>.Key));
        var body = Expression.OrElse(Past(k, keyValue), Expression.AndAlso(Expression.Equal(k, keyValue), createdPast));
        return Expression.Lambda<Func<TRow, bool>>(body, row);
    }

    private static Expression Rebind<TRow, T>(Expression<Func<TRow, T>> selector, ParameterExpression row) =>
        new Replace(selector.Parameters[0], row).Visit(selector.Body);

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>The sort keys of one row, written into page links as <c>key_created_id</c> (numbers and ticks).</summary>
public sealed record KeysetPosition<TKey>(TKey Key, DateTime Created, string Id)
{
    public override string ToString() =>
        string.Join('_', Key is DateTime d ? d.Ticks : Convert.ToInt64(Key, CultureInfo.InvariantCulture), Created.Ticks, Id);

    /// <summary>Reads a link's position; false for anything else (a hand-edited link shows the first page).</summary>
    public static bool TryParse(string? text, out KeysetPosition<TKey>? position)
    {
        position = null;
        var parts = text?.Split('_', 3);
        if (parts is not { Length: 3 } || parts[2].Length == 0
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var created)
            || created > DateTime.MaxValue.Ticks
            || (typeof(TKey) == typeof(DateTime) && (key < 0 || key > DateTime.MaxValue.Ticks)))
        {
            return false;
        }
        object value = typeof(TKey) == typeof(DateTime) ? new DateTime(key, DateTimeKind.Utc) : key;
        position = new KeysetPosition<TKey>((TKey)value, new DateTime(created, DateTimeKind.Utc), parts[2]);
        return true;
    }
}
