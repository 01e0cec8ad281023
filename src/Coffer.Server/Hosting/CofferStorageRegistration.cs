using Coffer.Core.Audit;
using Coffer.Core.Management;
using Coffer.Core.Storage;

namespace Coffer.Server.Hosting;

public static class CofferStorageRegistration
{
    /// <summary>
    /// Opens the storage that a provider's registration (<c>AddCofferSqlite</c>, <c>AddCofferPostgres</c>) added to
    /// <paramref name="services"/>, and registers it and its stores. The server needs them before its host is built
    /// (the keyring and the deployment are loaded from them), so the provider is taken from the registration itself.
    /// </summary>
    public static async Task<ICofferStorage> OpenCofferStorageAsync(this IServiceCollection services, CancellationToken cancellationToken)
    {
        var provider = services.LastOrDefault(d => d.ServiceType == typeof(ICofferStorageProvider))?.ImplementationInstance as ICofferStorageProvider
            ?? throw new InvalidOperationException("No storage: register one with AddCofferSqlite or AddCofferPostgres.");
        var storage = await provider.OpenAsync(cancellationToken);
        services.AddSingleton(_ => storage); // made by a factory, so the container closes the database when the app goes
        services.AddSingleton<IObjectStore>(provider => new ObservedObjectStore(storage.Objects, provider.GetRequiredService<IVaultChangeObserver>()));
        services.AddSingleton<IObjectVersionStore>(provider => provider.GetRequiredService<IObjectStore>());
        services.AddSingleton<IObjectLifecycleStore>(provider => provider.GetRequiredService<IObjectStore>());
        services.AddSingleton<IWholeObjectStore>(provider => provider.GetRequiredService<IObjectStore>());
        services.AddSingleton<IPendingOperationStore>(provider => provider.GetRequiredService<IObjectStore>());
        services.AddSingleton(storage.Vaults);
        services.AddSingleton(storage.Access);
        services.AddSingleton(storage.Clients);
        services.AddSingleton(storage.Users);
        services.AddSingleton(storage.Settings);
        services.AddSingleton(storage.Keyring);
        services.AddSingleton<IAuditStore>(storage.Audit);
        services.AddSingleton(storage.VaultChanges);
        services.AddSingleton(storage.Jobs);
        services.AddSingleton(storage.BackupSchedules);
        services.AddSingleton(storage.Events);
        return storage;
    }
}
