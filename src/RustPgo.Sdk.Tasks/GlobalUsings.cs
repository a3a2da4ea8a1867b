// The namespaces nearly every file of the tasks uses.
global using System;
global using System.Collections.Generic;
global using System.IO;
global using System.Linq;
global using System.Text;
