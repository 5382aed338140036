using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// Turns EF's <c>SAVEPOINT</c> / <c>RELEASE</c> around a save off while the save runs in a transaction the engine
/// itself began (<c>ownTransaction</c>): a failed save there undoes the whole transaction anyway, so the
/// pair is two statements per command for nothing. A caller's transaction (a batch import going on past a failed
/// line) keeps them. Disposing puts the setting back.
/// </summary>
internal readonly struct NoSavepoints : IDisposable
{
    private readonly DatabaseFacade _database;
    private readonly bool _before;

    public NoSavepoints(DatabaseFacade database, bool ownTransaction)
    {
        _database = database;
        _before = database.AutoSavepointsEnabled;
        database.AutoSavepointsEnabled = _before && !ownTransaction;
    }

    public void Dispose() => _database.AutoSavepointsEnabled = _before;
}
