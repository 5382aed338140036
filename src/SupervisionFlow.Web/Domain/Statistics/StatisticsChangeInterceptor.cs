using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Statistics;

/// <summary>
/// Drops the cached dashboard reports (<see cref="StatisticsCache"/>) when a context saves a suggestion, its unit rows,
/// a rating or a name the figures show. Invalidated before the save and again after it, and once more when an enclosing
/// transaction commits: a report built from the rows as they were before the commit must not outlive it.
/// </summary>
public sealed class StatisticsChangeInterceptor(StatisticsCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();

    // Contexts that saved such a change inside a transaction not yet committed.
    private readonly ConditionalWeakTable<DbContext, object> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Observe(eventData?.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Observe(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData?.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommit(eventData?.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommit(eventData?.Context);
        return Task.CompletedTask;
    }

    private void Observe(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Shown(e.Entity)))
        {
            _pending.AddOrUpdate(context, Marker);
            cache.Invalidate();
        }
    }

    private void AfterSave(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out _))
        {
            cache.Invalidate();
            if (context.Database.CurrentTransaction is null)
            {
                _pending.Remove(context);
            }
        }
    }

    private void AfterCommit(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            cache.Invalidate();
        }
    }

    private static bool Shown(object entity) =>
        entity is Suggestion or SuggestionUnit or Evaluation or HandlingUnit or Leader or Committee;
}
