import BuurtCore
