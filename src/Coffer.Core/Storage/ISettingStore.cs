namespace Coffer.Core.Storage;

/// <summary>Small named values of the deployment: its default tenant and vault, sealed signing keys.</summary>
public interface ISettingStore
{
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> unless the name has one; returns the value that is stored.</summary>
    Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken);
}
