using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Data;

/// <summary>What the model needs only on SQL Server, which refuses at CREATE time what SQLite and PostgreSQL accept.</summary>
public static class SqlServerModel
{
    /// <summary>
    /// Length given on SQL Server to a key, foreign-key or indexed string that has none (Identity's ids, login
    /// providers, token names). Unbounded, SQL Server would map each to nvarchar(450) (900 bytes), and Identity's
    /// composite keys — <c>user_tokens</c> (UserId, LoginProvider, Name) — would pass the 900-byte limit of a
    /// clustered key. 128 is the length ASP.NET Core Identity's own <c>MaxLengthForKeys</c> setting used for this.
    /// The migrations give these columns the same length on SQL Server (see <c>Identity</c>).
    /// </summary>
    public const int UnboundedKeyLength = 128;

    public static ModelBuilder ApplySqlServerKeyLengths(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var keyStrings = modelBuilder.Model.GetEntityTypes()
            .SelectMany(entity => entity.GetProperties())
            .Where(property => property.ClrType == typeof(string) && property.GetMaxLength() is null)
            .Where(property => property.IsKey() || property.IsForeignKey() || property.IsIndex());
        foreach (var property in keyStrings.ToList())
        {
            property.SetMaxLength(UnboundedKeyLength);
        }
        return modelBuilder;
    }
}
