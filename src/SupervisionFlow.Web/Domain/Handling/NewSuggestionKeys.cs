using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>
/// The number and the id of a suggestion about to be filed, read in one statement inside the filing's transaction.
/// The id is the process's business key, so it must be known before the process starts: taking it from the database's
/// own key generator up front (SQLite's <c>AUTOINCREMENT</c> sequence, PostgreSQL's identity sequence) spares the
/// filing a save of its own to learn it. The suggestion row is then written with the engine's rows in the command's
/// one save. Ids are never reused (as the generator's own inserts); numbers stay gap-free within a session and kind.
/// </summary>
public sealed class NewSuggestionKeys
{
    /// <summary>The next number within the term, session and kind.</summary>
    public int Number { get; init; }

    /// <summary>The id the suggestion will have; null where the database gives ids only on insert (SQL Server).</summary>
    public int? Id { get; init; }

    public static async Task<NewSuggestionKeys> ReadAsync(DbContext db, int term, int session, SuggestionKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Kind is stored as its name (SuggestionConfiguration).
        var kindName = kind.ToString();
        if (db.Database.IsSqlite())
        {
            // The runner's transaction holds SQLite's write lock from its start (BEGIN IMMEDIATE), so no other filing can
            // take the same id or number before this one commits. AUTOINCREMENT's next id is one past the larger of the
            // sequence (it remembers deleted rows) and the largest id; an explicit id moves the sequence on as its own would.
            return (await db.Database.SqlQuery<NewSuggestionKeys>($"""
                SELECT
                  (SELECT COALESCE(MAX("Number"), 0) + 1 FROM "suggestions" WHERE "Term" = {term} AND "Session" = {session} AND "Kind" = {kindName}) AS "Number",
                  MAX(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'suggestions'), 0),
                      COALESCE((SELECT MAX("Id") FROM "suggestions"), 0)) + 1 AS "Id"
                """).ToListAsync(cancellationToken))[0];
        }
        if (db.Database.IsNpgsql())
        {
            // The identity column's own sequence: safe under concurrency, and an id taken by a filing that rolls back is
            // skipped, exactly as an identity insert that rolls back skips it.
            return (await db.Database.SqlQuery<NewSuggestionKeys>($"""
                SELECT
                  (SELECT COALESCE(MAX("Number"), 0) + 1 FROM "suggestions" WHERE "Term" = {term} AND "Session" = {session} AND "Kind" = {kindName}) AS "Number",
                  CAST(nextval(pg_get_serial_sequence('suggestions', 'Id')) AS integer) AS "Id"
                """).ToListAsync(cancellationToken))[0];
        }
        // SQL Server's identity column takes no explicit ids (without IDENTITY_INSERT): the id comes from the insert.
        var number = 1 + (await db.Set<Suggestion>()
            .Where(s => s.Term == term && s.Session == session && s.Kind == kind)
            .MaxAsync(s => (int?)s.Number, cancellationToken) ?? 0);
        return new NewSuggestionKeys { Number = number };
    }
}
