from shop.db import models  # tests are excluded
