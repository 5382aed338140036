using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// A fault in the test host only: when armed, the next <c>SaveChanges</c> fails after its SQL has run inside the
/// command's transaction — the latest point a real failure can strike (a lost connection, a full disk) before the
/// commit. What the command wrote must then roll back.
/// </summary>
public sealed class FailingSaveInterceptor : SaveChangesInterceptor
{
    private int _armed;
    private int _failures;

    /// <summary>How many saves this interceptor has failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Fails the next save (of any context of the host).</summary>
    public void FailNextSave() => Volatile.Write(ref _armed, 1);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ThrowIfArmed();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed();
        return ValueTask.FromResult(result);
    }

    private void ThrowIfArmed()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Interlocked.Increment(ref _failures);
            throw new DbUpdateException("Simulated failure of the command's save (test fault).");
        }
    }
}

/// <summary>
/// Holds the next <paramref name="parties"/> saves at the door until all have arrived (or <paramref name="wait"/>
/// passed), so concurrent commands really meet at their saves where the database lets them (PostgreSQL); on SQLite
/// the second command cannot start its transaction while the first holds the write lock, so the first goes on alone
/// after the wait.
/// </summary>
public sealed class SaveRendezvousInterceptor(int parties, TimeSpan wait) : SaveChangesInterceptor
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;
    private int _arrived;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _armed) == 1)
        {
            if (Interlocked.Increment(ref _arrived) >= parties)
            {
                Volatile.Write(ref _armed, 0);
                _allArrived.TrySetResult();
            }
            try
            {
                await _allArrived.Task.WaitAsync(wait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The other party could not reach its save (SQLite's write lock): go on alone.
            }
        }
        return result;
    }
}
